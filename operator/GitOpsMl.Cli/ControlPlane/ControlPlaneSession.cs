using GitOpsMl.Local.Hosting;
using Prometheus;

namespace GitOpsMl.Cli.ControlPlane;

/// <summary>
/// What `up` and `operator` share once their control plane is built: the controllers' metrics endpoint,
/// the progress lines, and an orderly stop when the token is cancelled (a signal, see <see cref="StopSignals"/>).
/// </summary>
public static class ControlPlaneSession
{
    /// <summary>Serves the controllers' Prometheus metrics at http://127.0.0.1:PORT/metrics when a port is given.</summary>
    public static KestrelMetricServer? ServeMetrics(int? port, CollectorRegistry registry, TextWriter stdout)
    {
        if (port is not { } p)
        {
            return null;
        }
        var server = new KestrelMetricServer("127.0.0.1", p, url: "/metrics", registry: registry);
        server.Start();
        stdout.WriteLine($"controller metrics on http://127.0.0.1:{p}/metrics");
        return server;
    }

    /// <summary>
    /// Runs the plane until <paramref name="ct"/> is cancelled, writing a line per change seen after
    /// <paramref name="fromRevision"/>; the executors' children are stopped by the plane's disposal, after this returns.
    /// </summary>
    public static async Task RunAsync(LocalControlPlane plane, long fromRevision, TextWriter stdout, CancellationToken ct)
    {
        var progress = new ProgressReporter(plane.Store, Consoles.For(stdout), TimeProvider.System);
        var reporting = progress.RunAsync(fromRevision, ct);
        using var announce = ct.Register(() => stdout.WriteLine("stopping: every training run and server this control plane started is being stopped"));
        try
        {
            // WaitAsync: a signal ends the wait at once, whatever a worker is in the middle of; the
            // executors are stopped by the plane's disposal either way.
            await plane.RunAsync(ct).WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        try
        {
            await reporting.WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        }
        catch (TimeoutException)
        {
        }
    }
}
