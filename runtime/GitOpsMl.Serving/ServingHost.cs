using GitOpsMl.Serving.Hosting;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GitOpsMl.Serving;

/// <summary>
/// The inference server as a library: <see cref="CreateBuilder"/> gives a configured
/// WebApplicationBuilder (tests swap in TestServer), <see cref="Build"/> maps the routes,
/// <see cref="RunAsync"/> is what `gitopsml serve` calls.
/// </summary>
public static class ServingHost
{
    public static WebApplicationBuilder CreateBuilder(ServingOptions options)
    {
        var errors = ServingOptionsValidator.Validate(options);
        if (errors.Count > 0) throw new ArgumentException("invalid serve options: " + string.Join("; ", errors), nameof(options));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ServingHost).Assembly.GetName().Name,
            Args = [],
        });
        builder.ConfigureServingLogging(options);
        builder.ConfigureServingKestrel(options);
        builder.Services.AddGitOpsMlServing(options);
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseJsonStatusCodePages();
        app.MapGitOpsMlServing();
        return app;
    }

    /// <summary>Serves until <paramref name="stopping"/> fires (or SIGTERM/Ctrl-C), then drains and returns.</summary>
    public static async Task RunAsync(ServingOptions options, CancellationToken stopping = default)
    {
        await using var app = Build(CreateBuilder(options));
        var repository = app.Services.GetRequiredService<ModelRepository>();
        using var registration = stopping.Register(() => app.Lifetime.StopApplication());
        await app.RunAsync().ConfigureAwait(false);
        if (repository.StartupFailure is { } reason) throw new ServingStartupException(reason);
    }

    /// <summary>The addresses the server listens on (useful with port 0).</summary>
    public static IReadOnlyCollection<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
}
