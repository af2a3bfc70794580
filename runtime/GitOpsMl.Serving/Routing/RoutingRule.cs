namespace GitOpsMl.Serving.Routing;

/// <summary>
/// One model's entry in the routing file. Stable answers by default; Canary takes CanaryWeight
/// percent of requests (deterministic per request id), or, with Shadow, none of them but a copy
/// of every request. Bundles (optional) are extra bundle folders to load, so a new version can
/// be rolled out without a restart.
/// </summary>
public sealed record RoutingRule
{
    public string? Stable { get; init; }
    public string? Canary { get; init; }
    public double CanaryWeight { get; init; }
    public bool Shadow { get; init; }
    public IReadOnlyList<string> Bundles { get; init; } = [];
}
