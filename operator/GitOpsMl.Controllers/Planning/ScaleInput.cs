using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// One autoscaling decision's inputs. Load is the spec's metric summed over the replicas (concurrency:
/// in-flight requests; requestsPerSecond: the request rate), null while it cannot be measured yet (a rate
/// needs two samples), when replicas stay as they are; History the recommendations of earlier decisions (kept in memory
/// by the reconciler; empty after a restart, when a scale-down has no window to wait for and happens at once).
/// </summary>
public sealed record ScaleInput(ReplicasSpec? Replicas, AutoscalingSpec? Autoscaling, int Current, double? Load,
    IReadOnlyList<ScaleRecommendation> History, DateTimeOffset Now);
