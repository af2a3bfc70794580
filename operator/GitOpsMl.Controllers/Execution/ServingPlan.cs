using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Execution;

/// <summary>A bundle to serve: the server's version id (the bundle's content-derived id) and its folder.</summary>
public sealed record ServedBundle(string Version, string BundlePath);

/// <summary>
/// The desired serving state of one Deployment. ModelName is the name the servers expose
/// (/v2/models/{ModelName}); CanaryWeight is percent 0-100; Shadow mirrors every request to the canary.
/// MaxBatchSize / MaxDelay / MaxQueue pass through to `gitopsml serve`, as StatisticsWindow (--stats-window;
/// null: the server's 1h) and IntraOpThreads (--intra-op-threads; null: 1); FrontPort 0 picks a free port once.
/// </summary>
public sealed record ServingPlan(
    ObjectKey Deployment,
    string ModelName,
    ServedBundle Stable,
    ServedBundle? Canary,
    double CanaryWeight,
    bool Shadow,
    int Replicas)
{
    public int? MaxBatchSize { get; init; }
    public TimeSpan? MaxDelay { get; init; }
    public int? MaxQueue { get; init; }
    public int FrontPort { get; init; }
    public TimeSpan? StatisticsWindow { get; init; }
    public int? IntraOpThreads { get; init; }
}
