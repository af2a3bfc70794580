using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Options;
using GitOpsMl.Serving.Protocol;
using GitOpsMl.Serving.Quality;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>POST /v2/models/{name}/feedback: true labels for earlier request ids.</summary>
public static class FeedbackEndpoints
{
    public static RouteGroupBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/models/{name}").WithTags("feedback");
        group.MapPost("/feedback", PostFeedback);
        return group;
    }

    public static async Task<Results<JsonHttpResult<FeedbackResponse>, JsonHttpResult<ErrorResponse>>> PostFeedback(
        string name, HttpRequest request, ModelRepository repository, FeedbackService feedback, ServingOptions options)
    {
        var model = repository.Find(name);
        if (model is null) return ModelMetadataEndpoints.NotFound($"model '{name}' not found", $"one of: {string.Join(", ", repository.Models.Select(m => m.Name))}");
        using var body = await RequestBody.ReadAsync(request, options.MaxRequestBodyBytes, request.HttpContext.RequestAborted);
        if (body is null) return Error(new RequestError(413, $"request body is larger than {options.MaxRequestBodyBytes} bytes"));
        FeedbackRequest? parsed;
        try
        {
            var reader = new Utf8JsonReader(body.Sequence);
            parsed = JsonSerializer.Deserialize<FeedbackRequest>(ref reader, ApiJson.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Error(RequestError.BadRequest($"body is not valid feedback JSON: {e.Message}", expected: "{\"feedback\": [{\"id\", \"label\"}]}"));
        }
        var error = feedback.Apply(model, parsed, out var response);
        return error is not null ? Error(error) : TypedResults.Json(response!, ApiJson.Options);
    }

    private static JsonHttpResult<ErrorResponse> Error(RequestError error) =>
        TypedResults.Json(new ErrorResponse(error.Error, error.Input, error.Expected, null, null), ApiJson.Options, statusCode: error.Status);
}
