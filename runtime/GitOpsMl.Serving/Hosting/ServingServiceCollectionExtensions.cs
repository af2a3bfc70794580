using GitOpsMl.Serving.Batching;
using GitOpsMl.Serving.Endpoints;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Options;
using GitOpsMl.Serving.Quality;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsMl.Serving.Hosting;

public static class ServingServiceCollectionExtensions
{
    /// <summary>Registers the model repository, inference pipeline, metrics, feedback and the background loader.</summary>
    public static IServiceCollection AddGitOpsMlServing(this IServiceCollection services, ServingOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ServingMetrics(options.Batching.MaxBatchSize, options.MaxRequestRows));
        services.AddSingleton<RequestMetrics>();
        services.AddSingleton(sp => new ModelRepository(options, sp.GetRequiredService<ServingMetrics>(),
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CoarseTimeouts(options.RequestTimeout, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<LargeRequestMemory>();
        services.AddSingleton<InferencePipeline>();
        services.AddSingleton<FeedbackService>();
        services.AddHostedService<RepositoryService>();
        services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout);
        return services;
    }
}
