using GitOpsMl.Controllers.Execution;

namespace GitOpsMl.Controllers.Observation;

/// <summary>
/// Reads what the inference servers measured: per-version traffic from their Prometheus
/// /metrics (for canary analysis and autoscaling) and the drift window from
/// /v2/models/{model}/stats (for monitors), merged over every replica.
/// </summary>
public interface IServingObserver
{
    Task<ServingTraffic> ReadTrafficAsync(IReadOnlyList<ReplicaState> replicas, string model, CancellationToken ct = default);

    /// <summary>The merged statistics window of one version, or null when no replica reports it.</summary>
    Task<ObservedWindow?> ReadWindowAsync(IReadOnlyList<ReplicaState> replicas, string model, string version, CancellationToken ct = default);
}
