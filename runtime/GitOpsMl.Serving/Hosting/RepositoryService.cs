using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Options;
using GitOpsMl.Serving.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitOpsMl.Serving.Hosting;

/// <summary>
/// Loads the startup bundles in the background (the server is live but not ready meanwhile),
/// then polls the routing file and applies each change: new bundles are loaded first, then every
/// model switches route atomically. A routing file that does not parse is refused and the
/// previous routing stays. On shutdown, readiness turns false before the server drains.
/// </summary>
public sealed class RepositoryService(
    ModelRepository repository, ServingOptions options, ServingMetrics metrics, IHostApplicationLifetime lifetime, ILogger<RepositoryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            repository.BeginDrain();
            ServingLog.Draining(logger);
        });
        var file = options.RoutingFile is { } path ? new RoutingFileState(Path.GetFullPath(path)) : null;
        await repository.LoadStartupAsync(file is null ? null : ReadTable(file), stoppingToken).ConfigureAwait(false);
        if (!options.WaitForBundles && repository.Unservable() is { Count: > 0 } problems)
        {
            // A mistyped bundle path must fail the pod visibly, not leave it running and never ready.
            var reason = string.Join("; ", problems);
            repository.FailStartup(reason);
            ServingLog.StartupFailed(logger, reason);
            lifetime.StopApplication();
            return;
        }
        if (file is null) return;
        using var timer = new PeriodicTimer(options.RoutingPollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (ReadTable(file) is { } table) await repository.ApplyRoutingAsync(table).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private RoutingTable? ReadTable(RoutingFileState file)
    {
        var content = file.ReadIfChanged();
        if (content is null) return null;
        try
        {
            var table = RoutingFileParser.Parse(content, Path.GetDirectoryName(file.Path)!);
            metrics.RoutingReloads.WithLabels("applied").Inc();
            return table;
        }
        catch (FormatException e)
        {
            metrics.RoutingReloads.WithLabels("failed").Inc();
            ServingLog.RoutingRefused(logger, file.Path, e.Message);
            return null;
        }
    }
}
