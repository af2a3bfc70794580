using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Training.Pipeline;

/// <summary>
/// Metrics per slice of the test rows: one slice per value of a categorical (or few-valued)
/// column, or per quartile of a numeric one, so a model that fails one group cannot hide
/// behind its overall average.
/// </summary>
public static class SliceEvaluator
{
    public const string MissingValue = "(missing)";
    private const int MaxDistinctValues = 20;

    public sealed record SliceResult(string Slice, int Rows, IReadOnlyDictionary<string, double> Metrics);

    public static IReadOnlyList<SliceResult> Evaluate(IEnumerable<string> columns, Table test, TrainingData labels, Prediction prediction)
    {
        var results = new List<SliceResult>();
        foreach (var column in columns)
        {
            if (!test.TryGetColumn(column, out var col)) continue;
            foreach (var (slice, rows) in Groups(col))
                results.Add(new SliceResult($"{column}={slice}", rows.Count, MetricsOf(labels, prediction, rows)));
        }
        return results;
    }

    /// <summary>
    /// The columns cut into quartiles, each with its edges (ascending, up to three): what metrics.json and
    /// the model card show so a reader knows what "tenure=[12,30)" covers. Columns sliced by value are absent.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<double>> Bins(IEnumerable<string> columns, Table test)
    {
        var bins = new SortedDictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        foreach (var column in columns)
            if (test.TryGetColumn(column, out var col) && QuartileEdges(col) is { } edges) bins[column] = edges;
        return bins;
    }

    /// <summary>
    /// Quartile edges of the test rows for a numeric column with more than <see cref="MaxDistinctValues"/>
    /// distinct values (one slice per value would be too many); null for a column sliced by value.
    /// Equal quartiles collapse, so a skewed column may have fewer than three edges.
    /// </summary>
    public static double[]? QuartileEdges(TableColumn column)
    {
        if (column is not NumericColumn numeric) return null;
        var distinct = Enumerable.Range(0, column.Length).Select(column.CanonicalValue).Distinct().Take(MaxDistinctValues + 1).Count();
        if (distinct <= MaxDistinctValues) return null;
        var finite = numeric.Values.Where(double.IsFinite).Order().ToArray();
        return new[] { 0.25, 0.5, 0.75 }.Select(q => finite.Length == 0 ? 0 : finite[(int)Math.Min(finite.Length - 1, Math.Floor(q * finite.Length))]).Distinct().ToArray();
    }

    private static IEnumerable<(string Slice, List<int> Rows)> Groups(TableColumn column)
    {
        if (column is NumericColumn numeric && QuartileEdges(column) is { } edges)
        {
            var groups = new SortedDictionary<int, List<int>>();
            for (var i = 0; i < numeric.Length; i++)
            {
                var v = numeric.Values[i];
                var bucket = double.IsNaN(v) ? -1 : edges.Count(e => v >= e);
                (groups.TryGetValue(bucket, out var list) ? list : groups[bucket] = []).Add(i);
            }
            foreach (var (bucket, rows) in groups)
            {
                var label = bucket < 0 ? MissingValue
                    : bucket == 0 ? $"<{Format(edges[0])}"
                    : bucket == edges.Length ? $">={Format(edges[^1])}"
                    : $"[{Format(edges[bucket - 1])},{Format(edges[bucket])})";
                yield return (label, rows);
            }
            yield break;
        }
        var byValue = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < column.Length; i++)
        {
            var key = column.CanonicalValue(i) ?? MissingValue;
            (byValue.TryGetValue(key, out var list) ? list : byValue[key] = []).Add(i);
        }
        foreach (var (value, rows) in byValue) yield return (value, rows);
    }

    /// <summary>The slice's metrics, weighted by the rows' sample weights when the data has them (as the overall metrics are).</summary>
    private static IReadOnlyDictionary<string, double> MetricsOf(TrainingData labels, Prediction p, List<int> rows)
    {
        var weights = labels.Weights is { } all ? rows.Select(r => all[r]).ToArray() : null;
        switch (labels.Task)
        {
            case PredictionTask.Binary:
                var positive = p.PositiveProbabilities();
                return Metrics.Binary(rows.Select(r => positive[r]).ToArray(), rows.Select(r => labels.Targets![r]).ToArray(), weights);
            case PredictionTask.Multiclass:
                var c = p.Classes;
                var probs = rows.SelectMany(r => p.Probabilities!.Skip(r * c).Take(c)).ToArray();
                return Metrics.Multiclass(probs, rows.Select(r => labels.ClassIndices![r]).ToArray(), c, weights);
            default:
                return Metrics.Regression(rows.Select(r => p.Values![r]).ToArray(), rows.Select(r => labels.Targets![r]).ToArray(), weights);
        }
    }

    private static string Format(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
