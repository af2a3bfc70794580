using GitOpsMl.Api.Common;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>GET /v2, /v2/health/live, /v2/health/ready.</summary>
public static class HealthEndpoints
{
    /// <summary>
    /// Extensions the server metadata advertises. Drift statistics are "gitopsml_drift" (at
    /// /v2/models/{m}/stats), not "statistics": that is Triton's extension of the same path with a
    /// different body ({"model_stats": [...]}), which Triton-aware tools would expect.
    /// </summary>
    public static readonly string[] Extensions = ["gitopsml_drift", "gitopsml_feedback", "gitopsml_canary", "gitopsml_shadow"];

    public static RouteGroupBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2").WithTags("health");
        group.MapGet("", ServerMetadata);
        group.MapGet("/health/live", Live);
        group.MapGet("/health/ready", Ready);
        return group;
    }

    public static JsonHttpResult<ServerMetadataResponse> ServerMetadata() =>
        TypedResults.Json(new ServerMetadataResponse("gitopsml", typeof(HealthEndpoints).Assembly.GetName().Version?.ToString() ?? "0", Extensions), ApiJson.Options);

    public static JsonHttpResult<LiveResponse> Live() => TypedResults.Json(new LiveResponse(true), ApiJson.Options);

    public static JsonHttpResult<ServerReadyResponse> Ready(ModelRepository repository)
    {
        if (repository.IsReady) return TypedResults.Json(new ServerReadyResponse(true, []), ApiJson.Options);
        var reasons = new List<string>();
        if (repository.IsDraining) reasons.Add("shutting down");
        if (!repository.InitialLoad.IsCompleted) reasons.Add("loading bundles");
        foreach (var model in repository.Models.Where(m => !m.IsReady))
        {
            reasons.Add($"{model.Name}: no loaded version{(model.Failures.Count > 0 ? " (" + model.Failures[^1].Reason + ")" : "")}");
        }
        return TypedResults.Json(new ServerReadyResponse(false, reasons), ApiJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
