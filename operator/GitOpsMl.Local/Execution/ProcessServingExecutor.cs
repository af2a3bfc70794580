using System.Collections.Concurrent;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Execution;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// Serves each Deployment as N `gitopsml serve` child processes behind a YARP front port
/// (<see cref="DeploymentServer"/>). On start it kills whatever an earlier control plane left
/// recorded under STATE/serving (normally nothing: children die with their parent), so a replica
/// never runs twice; the reconciler's next Apply starts them afresh.
/// </summary>
public sealed class ProcessServingExecutor : IServingExecutor, IAsyncDisposable
{
    private readonly LocalExecutionOptions _options;
    private readonly ConcurrentDictionary<ObjectKey, DeploymentServer> _servers = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HttpClient _probe = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) });

    public ProcessServingExecutor(LocalExecutionOptions options)
    {
        _options = options;
        CleanLeftovers();
    }

    private void CleanLeftovers()
    {
        var root = Path.Combine(_options.StateRoot, "serving");
        if (!Directory.Exists(root)) return;
        foreach (var pidFile in Directory.EnumerateFiles(root, "shell.pid", SearchOption.AllDirectories))
        {
            var folder = Path.GetDirectoryName(pidFile)!;
            DeploymentServer.KillRecorded(folder, _options.StateRoot);
            Directory.Delete(folder, recursive: true);
        }
    }

    public async Task<ServingState> ApplyAsync(ServingPlan plan, CancellationToken ct = default)
    {
        RunNames.Check(plan.Deployment.Name);
        RunNames.Check(plan.Deployment.Namespace);
        if (plan.Replicas < 0) throw new ArgumentOutOfRangeException(nameof(plan), $"{plan.Deployment}: replicas {plan.Replicas} is negative");
        DeploymentServer server;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try { server = _servers.GetOrAdd(plan.Deployment, k => new DeploymentServer(k, _options, _probe)); }
        finally { _gate.Release(); }
        return await server.ApplyAsync(plan, ct).ConfigureAwait(false);
    }

    public Task<ServingState?> ObserveAsync(ObjectKey deployment, CancellationToken ct = default) =>
        Task.FromResult(_servers.TryGetValue(deployment, out var server) ? server.Snapshot() : null);

    public async Task RemoveAsync(ObjectKey deployment, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_servers.TryRemove(deployment, out var server)) return;
            await server.DisposeAsync().ConfigureAwait(false);
            server.DeleteFolder();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops every Deployment's replicas and front proxy (the control plane is stopping).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_servers.Values.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
            _servers.Clear();
        }
        finally
        {
            _gate.Release();
        }
        _probe.Dispose();
    }
}
