using GitOpsMl.Serving.Endpoints;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace GitOpsMl.Serving.Hosting;

public static class ServingEndpointExtensions
{
    /// <summary>Maps the Open Inference Protocol v2 routes, /v1 predict, stats, feedback and /metrics.</summary>
    public static IEndpointRouteBuilder MapGitOpsMlServing(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<ServingOptions>();
        app.MapHealthEndpoints();
        app.MapModelMetadataEndpoints();
        app.MapInferEndpoints();
        app.MapStatisticsEndpoints();
        app.MapFeedbackEndpoints();
        app.MapMetrics("/metrics", app.ServiceProvider.GetRequiredService<ServingMetrics>().Registry);
        if (options.BenchmarkRoutes) app.MapBenchmarkEndpoints();
        return app;
    }
}
