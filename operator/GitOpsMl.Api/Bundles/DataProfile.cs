namespace GitOpsMl.Api.Bundles;

/// <summary>
/// profile.json: reference statistics of the training split, the baseline that serving-time
/// statistics are compared with for drift. Numeric columns carry quantile bin edges; the server
/// counts live values on exactly these edges, so training and serving histograms line up.
/// </summary>
public sealed record DataProfile
{
    public long RowCount { get; init; }
    public IReadOnlyDictionary<string, ColumnProfile> Columns { get; init; } = new Dictionary<string, ColumnProfile>();

    /// <summary>Reference distribution of the model's predictions on the test split (same bin layout).</summary>
    public ColumnProfile? Predictions { get; init; }
}

/// <summary>
/// Statistics of one column. Numeric: BinEdges are the inner edges e1 &lt; … &lt; ek; bins are
/// (-inf,e1), [e1,e2), …, [ek,+inf), so BinCounts has k+1 entries. Categorical: Frequencies
/// holds the counts of each training category.
/// </summary>
public sealed record ColumnProfile
{
    public const string NumericKind = "numeric";
    public const string CategoricalKind = "categorical";

    public required string Kind { get; init; }
    public long Count { get; init; }
    public long Missing { get; init; }
    public double? Mean { get; init; }
    public double? Std { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public IReadOnlyList<double>? BinEdges { get; init; }
    public IReadOnlyList<long>? BinCounts { get; init; }
    public IReadOnlyDictionary<string, long>? Frequencies { get; init; }
}
