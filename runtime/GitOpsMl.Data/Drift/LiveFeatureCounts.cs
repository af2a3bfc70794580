namespace GitOpsMl.Data.Drift;

/// <summary>
/// One feature's live counts as GET /v2/models/{name}/stats reports them (the server's FeatureStats;
/// same JSON names, so the response deserialises into it). Numeric: BinCounts on BinEdges, which are
/// profile.json's edges. Categorical: Categories holds the training categories, Unseen the rest.
/// </summary>
public sealed record LiveFeatureCounts
{
    public required string Kind { get; init; }
    public long Count { get; init; }
    public long Missing { get; init; }
    public IReadOnlyList<double>? BinEdges { get; init; }
    public IReadOnlyList<long>? BinCounts { get; init; }
    public IReadOnlyDictionary<string, long>? Categories { get; init; }
    public long? Unseen { get; init; }
}
