using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Profiling;

/// <summary>
/// Builds profile.json's <see cref="DataProfile"/> from the training split: the reference that
/// drift is measured against.
/// <list type="bullet">
/// <item>Columns: every schema column in the table except role id and ignore (identifiers and
/// unused columns do not drift meaningfully), role weight (a sample weight is never a served input,
/// so there is no live value to compare it with) and timestamp-typed columns. The statistics count
/// rows, not weights: they describe the rows as served traffic will bring them.</item>
/// <item>Count = non-missing values (infinities included); Missing = missing values; RowCount = all rows.</item>
/// <item>Numeric (float, int, bool as 0/1): Mean, Std (population, divide by n), Min, Max over the
/// finite values; BinEdges = <see cref="Quantiles.Edges"/> of the finite values (10 bins by
/// default); BinCounts per <see cref="Bins.BinIndex"/> over all non-missing values, so +inf lands in
/// the last bin and -inf in the first.</item>
/// <item>Categorical (category, string): Frequencies of the <c>maxCategories</c> most frequent
/// values (ties by ordinal order), keyed in ordinal order. Count minus their sum is the rest.</item>
/// </list>
/// </summary>
public static class DataProfiler
{
    public const int DefaultBins = 10;
    public const int DefaultMaxCategories = 1000;

    public static DataProfile Profile(DatasetSpec dataset, Table train, int bins = DefaultBins, int maxCategories = DefaultMaxCategories)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(train);
        var columns = new Dictionary<string, ColumnProfile>(StringComparer.Ordinal);
        foreach (var spec in dataset.Schema)
        {
            if (spec.Role is ColumnRole.Id or ColumnRole.Ignore or ColumnRole.Weight || spec.Type == ColumnType.Timestamp ||
                !train.TryGetColumn(spec.Name, out var column))
            {
                continue;
            }
            columns[spec.Name] = column switch
            {
                NumericColumn numeric => Numeric(numeric.Values, bins),
                StringColumn strings => Categorical(strings, maxCategories),
                _ => throw new InvalidOperationException($"Column '{spec.Name}' of type {column.Type} cannot be profiled."),
            };
        }
        return new DataProfile { RowCount = train.RowCount, Columns = columns };
    }

    /// <summary>The numeric profile of a set of values (NaN = missing); also used for prediction distributions.</summary>
    public static ColumnProfile Numeric(IReadOnlyList<double> values, int bins = DefaultBins)
    {
        var missing = values.LongCount(double.IsNaN);
        var sorted = Quantiles.SortedFinite(values);
        double? mean = null, std = null;
        if (sorted.Length > 0)
        {
            var m = sorted.Sum() / sorted.Length;
            mean = m;
            std = Math.Sqrt(sorted.Sum(v => (v - m) * (v - m)) / sorted.Length);
        }
        var edges = Quantiles.Edges(sorted, bins);
        return new ColumnProfile
        {
            Kind = ColumnProfile.NumericKind,
            Count = values.Count - missing,
            Missing = missing,
            Mean = mean,
            Std = std,
            Min = sorted.Length > 0 ? sorted[0] : null,
            Max = sorted.Length > 0 ? sorted[^1] : null,
            BinEdges = edges,
            BinCounts = Bins.Count(edges, values),
        };
    }

    private static ColumnProfile Categorical(StringColumn column, int maxCategories)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long missing = 0;
        for (var row = 0; row < column.Length; row++)
        {
            if (column.IsMissing(row))
            {
                missing++;
                continue;
            }
            var value = column.Values[row]!;
            counts[value] = counts.GetValueOrDefault(value) + 1;
        }
        var kept = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(maxCategories)
            .OrderBy(p => p.Key, StringComparer.Ordinal);
        var frequencies = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in kept)
        {
            frequencies[key] = count;
        }
        return new ColumnProfile
        {
            Kind = ColumnProfile.CategoricalKind,
            Count = column.Length - missing,
            Missing = missing,
            Frequencies = frequencies,
        };
    }
}
