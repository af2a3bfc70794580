namespace GitOpsMl.Data.Profiling;

/// <summary>
/// The one bin rule shared by the profile, bucketize and the server's live histograms: for inner
/// edges e1 &lt; … &lt; ek the bins are (-inf,e1), [e1,e2), …, [ek,+inf), so a value equal to an
/// edge belongs to the bin that edge opens.
/// </summary>
public static class Bins
{
    /// <summary>
    /// The bin of <paramref name="value"/>: the number of edges ≤ value, in [0, k]. -infinity → 0,
    /// +infinity → k. NaN → -1: missing values belong to no bin (callers count them as missing).
    /// </summary>
    public static int BinIndex(IReadOnlyList<double> edges, double value)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (double.IsNaN(value))
        {
            return -1;
        }
        // Binary search for the first edge > value; its index is the count of edges ≤ value.
        int lo = 0, hi = edges.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>Counts per bin (k+1 entries) of the non-NaN values.</summary>
    public static long[] Count(IReadOnlyList<double> edges, IEnumerable<double> values)
    {
        var counts = new long[edges.Count + 1];
        foreach (var v in values)
        {
            var bin = BinIndex(edges, v);
            if (bin >= 0)
            {
                counts[bin]++;
            }
        }
        return counts;
    }
}
