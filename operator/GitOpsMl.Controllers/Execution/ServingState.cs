using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Execution;

/// <summary>
/// One replica: its own endpoint (for /metrics and /v2/models/{m}/stats), whether it answers
/// /v2/health/ready with the model loaded, and how often it was restarted.
/// </summary>
public sealed record ReplicaState(string Name, Uri Endpoint, bool Ready, int Restarts)
{
    public string? Message { get; init; }
}

/// <summary>What runs for a Deployment: its replicas and the front URL users call.</summary>
public sealed record ServingState(ObjectKey Deployment, Uri? Url, IReadOnlyList<ReplicaState> Replicas)
{
    public int ReadyReplicas => Replicas.Count(r => r.Ready);
    public string? StableVersion { get; init; }
    public string? CanaryVersion { get; init; }
    public double CanaryWeight { get; init; }
}
