using GitOpsMl.Api.Common;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Options;
using GitOpsMl.Serving.Protocol;
using GitOpsMl.Serving.Statistics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>GET /v2/models/{name}/stats (every loaded version) and /v2/models/{name}/versions/{version}/stats.</summary>
public static class StatisticsEndpoints
{
    public static RouteGroupBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/models/{name}").WithTags("statistics");
        group.MapGet("/stats", ModelStats);
        group.MapGet("/versions/{version}/stats", VersionStats);
        return group;
    }

    public static Results<JsonHttpResult<ModelStatsResponse>, JsonHttpResult<ErrorResponse>> ModelStats(
        string name, ModelRepository repository, ServingOptions options)
    {
        var model = repository.Find(name);
        if (model is null) return ModelMetadataEndpoints.NotFound($"model '{name}' not found", $"one of: {string.Join(", ", repository.Models.Select(m => m.Name))}");
        var versions = model.Versions.Values.OrderBy(v => v.Version, StringComparer.Ordinal).Select(Describe).ToArray();
        return TypedResults.Json(new ModelStatsResponse(model.Name, model.Route?.Stable.Version, options.Statistics.Window, versions), ApiJson.Options);
    }

    public static Results<JsonHttpResult<VersionStats>, JsonHttpResult<ErrorResponse>> VersionStats(
        string name, string version, ModelRepository repository)
    {
        if (ModelMetadataEndpoints.Resolve(name, version, repository, out _, out var served) is { } error) return error;
        return TypedResults.Json(Describe(served!), ApiJson.Options);
    }

    public static VersionStats Describe(ServedVersion version)
    {
        var (start, end, samples, features, predictions) = version.Statistics.Snapshot();
        return new VersionStats
        {
            Version = version.Version,
            WindowStart = start,
            WindowEnd = end,
            Samples = samples,
            Features = features,
            Predictions = predictions,
            Quality = version.Quality.Snapshot(),
            Shadow = version.Shadow.Snapshot(),
        };
    }
}
