namespace GitOpsMl.Serving.Statistics;

/// <summary>Live counts of one feature (or the score) over the window, next to its training reference.</summary>
public sealed record FeatureStats
{
    public required string Kind { get; init; }

    /// <summary>Rows seen, missing included.</summary>
    public long Count { get; init; }

    public long Missing { get; init; }

    /// <summary>Numeric: profile.json's inner edges; bins are (-inf,e1), [e1,e2), …, [ek,+inf).</summary>
    public IReadOnlyList<double>? BinEdges { get; init; }

    public IReadOnlyList<long>? BinCounts { get; init; }

    /// <summary>profile.json's training counts on the same bins.</summary>
    public IReadOnlyList<long>? ReferenceBinCounts { get; init; }

    public double? Mean { get; init; }

    public double? Std { get; init; }

    /// <summary>Numeric: values outside the training range [ReferenceMin, ReferenceMax] (0 when profile.json gives no range).</summary>
    public long? OutOfRange { get; init; }

    public double? ReferenceMin { get; init; }

    public double? ReferenceMax { get; init; }

    /// <summary>Categorical: counts of the training categories.</summary>
    public IReadOnlyDictionary<string, long>? Categories { get; init; }

    /// <summary>Categorical: values not among the training categories.</summary>
    public long? Unseen { get; init; }

    public IReadOnlyDictionary<string, long>? ReferenceFrequencies { get; init; }
}
