using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>POST /v2/models/{name}[/versions/{version}]/infer and POST /v1/models/{name}:predict.</summary>
public static class InferEndpoints
{
    public static IEndpointRouteBuilder MapInferEndpoints(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2/models/{name}").WithTags("inference");
        v2.MapPost("/infer", (HttpContext context, string name, InferencePipeline pipeline) =>
            pipeline.HandleAsync(context, name, null, InferenceProtocol.V2Infer));
        v2.MapPost("/versions/{version}/infer", (HttpContext context, string name, string version, InferencePipeline pipeline) =>
            pipeline.HandleAsync(context, name, version, InferenceProtocol.V2Infer));

        var v1 = app.MapGroup("/v1/models").WithTags("inference");
        v1.MapPost("/{name}:predict", (HttpContext context, string name, InferencePipeline pipeline) =>
            pipeline.HandleAsync(context, name, null, InferenceProtocol.V1Predict));
        return app;
    }
}
