namespace GitOpsMl.Local.Observation;

/// <summary>
/// PromQL's histogram_quantile over cumulative buckets (upper bound → count): linear
/// interpolation inside the bucket the rank falls in; the highest finite bound when it falls in +Inf.
/// </summary>
public static class HistogramQuantile
{
    public static double? Of(double q, IReadOnlyList<(double UpperBound, double Count)> cumulative)
    {
        var buckets = cumulative.OrderBy(b => b.UpperBound).ToList();
        if (buckets.Count == 0) return null;
        var total = buckets[^1].Count;
        if (total <= 0) return null;
        var rank = q * total;
        var lowerBound = 0.0;
        var lowerCount = 0.0;
        foreach (var (upper, count) in buckets)
        {
            if (count >= rank)
            {
                if (double.IsPositiveInfinity(upper)) return lowerBound;
                var inBucket = count - lowerCount;
                return inBucket <= 0 ? upper : lowerBound + (upper - lowerBound) * ((rank - lowerCount) / inBucket);
            }
            lowerBound = upper;
            lowerCount = count;
        }
        return lowerBound;
    }
}
