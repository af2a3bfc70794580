using GitOpsMl.Api.Common;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>GET /v2/models/{name}[/versions/{version}] (metadata) and .../ready.</summary>
public static class ModelMetadataEndpoints
{
    public static RouteGroupBuilder MapModelMetadataEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/models/{name}").WithTags("models");
        group.MapGet("", (string name, HttpResponse response, ModelRepository repository) => Metadata(name, null, response, repository));
        group.MapGet("/versions/{version}", Metadata);
        group.MapGet("/ready", (string name, HttpResponse response, ModelRepository repository) => Ready(name, null, response, repository));
        group.MapGet("/versions/{version}/ready", Ready);
        return group;
    }

    public static Results<JsonHttpResult<ModelMetadataResponse>, JsonHttpResult<ErrorResponse>> Metadata(
        string name, string? version, HttpResponse response, ModelRepository repository)
    {
        if (Resolve(name, version, repository, out var model, out var served) is { } error) return error;
        response.Headers[RequestIds.VersionHeader] = served!.Version;
        var schema = served.Schema;
        var route = model!.Route;
        var outputs = schema.IsClassifier
            ? new[] { new TensorMetadata(ModelSchema.ProbabilitiesOutput, Datatypes.Fp32, [-1, schema.OutputWidth]), new TensorMetadata(ModelSchema.LabelOutput, Datatypes.Bytes, [-1]) }
            : [new TensorMetadata(ModelSchema.PredictionsOutput, Datatypes.Fp32, [-1, 1])];
        return TypedResults.Json(new ModelMetadataResponse(
            model.Name,
            version is null ? model.Versions.Keys.Order(StringComparer.Ordinal).ToArray() : [served.Version],
            "onnxruntime_onnx",
            schema.Inputs.Select(c => new TensorMetadata(c.Name, c.Datatype, [-1, 1])).ToArray(),
            outputs,
            served.Version,
            served.Manifest.Task,
            schema.Classes,
            route is null ? null : new RoutingStatus(route.Stable.Version, route.Canary?.Version, route.CanaryWeight, route.Shadow, route.Problems),
            model.Failures.Select(LoadFailureStatus.Of).ToArray()), ApiJson.Options);
    }

    public static Results<JsonHttpResult<ModelReadyResponse>, JsonHttpResult<ErrorResponse>> Ready(
        string name, string? version, HttpResponse response, ModelRepository repository)
    {
        var model = repository.Find(name);
        if (model is null) return NotFound($"model '{name}' not found", $"one of: {string.Join(", ", repository.Models.Select(m => m.Name))}");
        if (version is not null && model.Find(version) is null)
        {
            return NotFound($"version '{version}' of model '{name}' not found", $"one of: {string.Join(", ", model.Versions.Keys.Order())}");
        }
        var answering = version ?? model.Route?.Stable.Version;
        if (answering is not null) response.Headers[RequestIds.VersionHeader] = answering;
        var ready = !repository.IsDraining && (version is not null || model.IsReady);
        var reasons = ready ? [] : model.Failures.Select(f => f.Reason).Prepend(repository.IsDraining ? "shutting down" : "no loaded version").ToArray();
        return TypedResults.Json(new ModelReadyResponse(model.Name, answering, ready, reasons), ApiJson.Options,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The model and the version a metadata/stats request is about: the given one, else the stable one.</summary>
    public static JsonHttpResult<ErrorResponse>? Resolve(string name, string? version, ModelRepository repository, out ServedModel? model, out ServedVersion? served)
    {
        served = null;
        model = repository.Find(name);
        if (model is null) return NotFound($"model '{name}' not found", $"one of: {string.Join(", ", repository.Models.Select(m => m.Name))}");
        served = version is null ? model.Route?.Stable : model.Find(version);
        if (served is null && version is not null)
        {
            return NotFound($"version '{version}' of model '{name}' not found", $"one of: {string.Join(", ", model.Versions.Keys.Order())}");
        }
        if (served is null)
        {
            var failures = model.Failures.Select(LoadFailureStatus.Of).ToArray();
            var why = failures.Length > 0 ? $": {failures[^1].Directory}: {failures[^1].Reason}" : "";
            return TypedResults.Json(new ErrorResponse($"model '{name}' has no loaded version{why}", null, null, null, null, failures), ApiJson.Options,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return null;
    }

    public static JsonHttpResult<ErrorResponse> NotFound(string error, string expected) =>
        TypedResults.Json(new ErrorResponse(error, null, expected, null, null), ApiJson.Options, statusCode: StatusCodes.Status404NotFound);
}
