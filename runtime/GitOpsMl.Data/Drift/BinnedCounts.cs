namespace GitOpsMl.Data.Drift;

/// <summary>
/// Reference and live counts over the same buckets. Numeric features: one count per bin on
/// profile.json's edges, with <see cref="Axis"/> set (the bins are ordered). Categorical features:
/// one count per training category plus a last bucket for values the training split did not have
/// (unordered; <see cref="Axis"/> null). Missing values are in no bucket.
/// </summary>
public sealed record BinnedCounts(IReadOnlyList<long> Reference, IReadOnlyList<long> Live, NumericAxis? Axis = null)
{
    public long ReferenceTotal => Reference.Sum();

    public long LiveTotal => Live.Sum();
}
