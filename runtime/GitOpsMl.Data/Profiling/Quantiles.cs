namespace GitOpsMl.Data.Profiling;

/// <summary>
/// Sample quantiles by linear interpolation between order statistics (Hyndman–Fan type 7, the
/// numpy and R default): for sorted x[0..n-1], h = (n-1)·q, q-quantile = x[⌊h⌋] + (h-⌊h⌋)·(x[⌊h⌋+1]-x[⌊h⌋]).
/// </summary>
public static class Quantiles
{
    /// <param name="sorted">Ascending, finite, non-empty.</param>
    public static double Type7(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("Quantiles of an empty sample are undefined.", nameof(sorted));
        }
        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        if (lo >= sorted.Count - 1)
        {
            return sorted[^1];
        }
        var hi = lo + 1;
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>
    /// Inner edges of <paramref name="bins"/> equal-frequency bins: the type-7 quantiles at
    /// i/bins for i = 1..bins-1, with repeats dropped so the edges strictly ascend (a column with
    /// few distinct values gets fewer bins). Empty when <paramref name="sorted"/> is empty.
    /// </summary>
    public static double[] Edges(IReadOnlyList<double> sorted, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var edges = new List<double>(bins - 1);
        if (sorted.Count == 0)
        {
            return [];
        }
        for (var i = 1; i < bins; i++)
        {
            var e = Type7(sorted, (double)i / bins);
            if (edges.Count == 0 || e > edges[^1])
            {
                edges.Add(e);
            }
        }
        return edges.ToArray();
    }

    /// <summary>The finite values of <paramref name="values"/>, sorted ascending.</summary>
    public static double[] SortedFinite(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        Array.Sort(finite);
        return finite;
    }
}
