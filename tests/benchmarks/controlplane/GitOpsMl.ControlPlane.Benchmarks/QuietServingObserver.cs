using GitOpsMl.Controllers.Execution;
using GitOpsMl.Controllers.Observation;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>Test double for reading the servers' metrics: no server runs, so no traffic and no statistics window.</summary>
public sealed class QuietServingObserver : IServingObserver
{
    public Task<ServingTraffic> ReadTrafficAsync(IReadOnlyList<ReplicaState> replicas, string model, CancellationToken ct = default) =>
        Task.FromResult(ServingTraffic.None);

    public Task<ObservedWindow?> ReadWindowAsync(IReadOnlyList<ReplicaState> replicas, string model, string version, CancellationToken ct = default) =>
        Task.FromResult<ObservedWindow?>(null);
}
