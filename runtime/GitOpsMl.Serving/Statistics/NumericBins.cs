namespace GitOpsMl.Serving.Statistics;

/// <summary>
/// Bin index on profile.json's inner edges e1 &lt; … &lt; ek: bins (-inf,e1), [e1,e2), …, [ek,+inf),
/// i.e. the number of edges ≤ x. -inf lands in the first bin, +inf in the last. NaN is missing, not binned.
/// </summary>
public static class NumericBins
{
    public static int Index(ReadOnlySpan<double> edges, double x)
    {
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Edges usable for counting: finite and strictly increasing, otherwise none (a single bin).</summary>
    public static double[] Sanitize(IReadOnlyList<double>? edges)
    {
        if (edges is null || edges.Count == 0) return [];
        for (var i = 0; i < edges.Count; i++)
        {
            if (!double.IsFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) return [];
        }
        return edges.ToArray();
    }
}
