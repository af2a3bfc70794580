using System.Collections.Concurrent;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Execution;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>
/// Test double for the serving child processes: applying a plan reports its replicas ready at once on
/// made-up loopback endpoints (no `gitopsml serve`, no front proxy), so the Deployment reconciler's own
/// work is what is measured.
/// </summary>
public sealed class ReadyServingExecutor : IServingExecutor
{
    private readonly ConcurrentDictionary<ObjectKey, ServingState> _deployments = new();
    private int _nextPort = 20000;

    public Task<ServingState> ApplyAsync(ServingPlan plan, CancellationToken ct = default)
    {
        var state = _deployments.AddOrUpdate(plan.Deployment, _ => Build(plan, Interlocked.Add(ref _nextPort, 1)), (_, old) => Build(plan, old.Url!.Port));
        return Task.FromResult(state);
    }

    public Task<ServingState?> ObserveAsync(ObjectKey deployment, CancellationToken ct = default) =>
        Task.FromResult(_deployments.TryGetValue(deployment, out var s) ? s : null);

    public Task RemoveAsync(ObjectKey deployment, CancellationToken ct = default)
    {
        _deployments.TryRemove(deployment, out _);
        return Task.CompletedTask;
    }

    private static ServingState Build(ServingPlan plan, int port) =>
        new(plan.Deployment, new Uri($"http://127.0.0.1:{port}/"),
            Enumerable.Range(0, plan.Replicas).Select(i => new ReplicaState($"{plan.Deployment.Name}-{i}", new Uri($"http://127.0.0.1:{port}/r{i}/"), true, 0)).ToList())
        {
            StableVersion = plan.Stable.Version,
            CanaryVersion = plan.Canary?.Version,
            CanaryWeight = plan.CanaryWeight,
        };
}
