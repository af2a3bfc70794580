using GitOpsMl.Serving.Endpoints;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GitOpsMl.Serving.Hosting;

/// <summary>
/// Responses the framework ends without a body — 405 for a method a route does not take (GET on
/// an infer path), 404 for a path no route matches — get the server's JSON error too, so every
/// error a client sees has the Open Inference Protocol's {"error": ...} shape.
/// </summary>
public static class JsonStatusCodePages
{
    public static WebApplication UseJsonStatusCodePages(this WebApplication app)
    {
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            var request = http.Request;
            var error = http.Response.StatusCode switch
            {
                StatusCodes.Status405MethodNotAllowed => new RequestError(405, $"{request.Method} is not allowed on {request.Path}",
                    Expected: http.Response.Headers.Allow.Count > 0 ? $"one of: {http.Response.Headers.Allow}" : null),
                StatusCodes.Status404NotFound => new RequestError(404, $"no route for {request.Method} {request.Path}",
                    Expected: "the Open Inference Protocol v2 paths (/v2, /v2/health/*, /v2/models/{name}[/versions/{version}][/ready|/infer|/stats|/feedback]) or /v1/models/{name}:predict"),
                var status => new RequestError(status, $"request failed with status {status}"),
            };
            var header = request.Headers[RequestIds.Header].ToString();
            return JsonResponses.WriteErrorAsync(http, error, header.Length is > 0 and <= RequestIds.MaxLength ? header : RequestIds.Next(), null);
        });
        return app;
    }
}
