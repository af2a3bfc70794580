using GitOpsMl.Data.Profiling;

namespace GitOpsMl.Data.Features;

/// <summary>
/// x → one-hot of width k+1 over boundaries b1 &lt; … &lt; bk (compared as float32): bucket 0 is
/// x &lt; b1, bucket i is b_i ≤ x &lt; b_(i+1), bucket k is x ≥ bk — the <see cref="Bins.BinIndex"/>
/// rule. -infinity → bucket 0, +infinity → bucket k, NaN → all zeros. Always the last step.
/// Boundaries are the spec's, or (when <see cref="Quantiles"/> is set) the type-7 quantiles at
/// i/Quantiles, i = 1..Quantiles-1, of the finite training values reaching this step, with values
/// that are equal in float32 dropped, so there may be fewer than Quantiles buckets.
/// </summary>
public sealed record BucketizeStep(IReadOnlyList<double> Boundaries, int? Quantiles = null) : NumericStep
{
    /// <summary>The bucket of <paramref name="x"/>, or -1 for NaN.</summary>
    public static int BucketIndex(float x, float[] boundaries)
    {
        if (float.IsNaN(x))
        {
            return -1;
        }
        var bucket = 0;
        while (bucket < boundaries.Length && x >= boundaries[bucket])
        {
            bucket++;
        }
        return bucket;
    }

    public float[] FloatBoundaries() => Boundaries.Select(b => (float)b).ToArray();
}
