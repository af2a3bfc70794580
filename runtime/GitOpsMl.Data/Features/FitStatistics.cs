using GitOpsMl.Data.Profiling;

namespace GitOpsMl.Data.Features;

/// <summary>Statistics the fitters use, all over the finite values only (NaN is missing, infinities would swamp them).</summary>
internal static class FitStatistics
{
    public static double[] Finite(float[] values) => values.Where(float.IsFinite).Select(v => (double)v).ToArray();

    public static double Mean(double[] finite) => finite.Sum() / finite.Length;

    /// <summary>Population standard deviation (divide by n), as StandardScaler fits it.</summary>
    public static double Std(double[] finite, double mean) => Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / finite.Length);

    public static double Median(double[] finite)
    {
        var sorted = (double[])finite.Clone();
        Array.Sort(sorted);
        return Quantiles.Type7(sorted, 0.5);
    }

    /// <summary>The most frequent value; ties → the smallest.</summary>
    public static double MostFrequent(double[] finite) =>
        finite.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

    /// <summary>The most frequent string; ties → the ordinal-smallest.</summary>
    public static string MostFrequent(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
}
