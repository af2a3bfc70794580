using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Splitting;

/// <summary>
/// Deterministic train/validation/test splits: the same table and spec give the same indices on
/// every machine and .NET version. Cut points for random and time: with n rows,
/// trainEnd = round(n·train), validationEnd = round(n·(train+validation)) (round half to even; <see cref="SplitCuts"/>,
/// which validate also counts training rows by), rows [0, trainEnd) of the ordering train, [trainEnd, validationEnd) validation, the rest test.
/// <list type="bullet">
/// <item>random: the ordering is a Fisher–Yates shuffle of 0..n-1 driven by SplitMix64(seed, default 42),
/// j = NextInt(i+1) for i = n-1 down to 1. Exact fractions; changes when rows are added.</item>
/// <item>random with stratifyBy: the same shuffle, then each value of the column (a stratum) is cut on its own,
/// so every class keeps the fractions (up to rounding within the stratum).</item>
/// <item>hash: each row on its own: u = <see cref="StableHash.UnitInterval"/>(canonical key text)
/// (see <see cref="TableColumn.CanonicalValue"/>); u &lt; train → train, u &lt; train+validation →
/// validation, else test. Fractions are approximate, and a row keeps its split as data grows. Not seeded.</item>
/// <item>time: rows ordered by the time column ascending (a timestamp or numeric column), ties
/// by file order; the earliest train, the latest test. The split is on distinct times: a cut that
/// would fall inside a run of equal times moves to the nearer end of that run (the later end on a
/// tie), so one timestamp is never on both sides, and the fractions are approximate.</item>
/// </list>
/// A missing key or time value refuses the data (make the column nullable: false to have
/// validation drop such rows instead). Each returned index array is ascending.
/// </summary>
public static class DatasetSplitter
{
    public static SplitIndices Split(SplitSpec? spec, Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        spec ??= new SplitSpec();
        var (train, validation, test) = (spec.TrainOrDefault, spec.ValidationOrDefault, spec.TestOrDefault);
        if (train <= 0 || validation < 0 || test < 0 || Math.Abs(train + validation + test - 1) > 1e-6)
        {
            throw GitOpsMlFailure.InvalidSpec(SpecRefusal.SplitInvalid, $"Split fractions must be train > 0, validation ≥ 0, test ≥ 0 summing to 1; got {train}, {validation}, {test}.");
        }
        return (spec.Method ?? SplitMethod.Random) switch
        {
            SplitMethod.Hash => ByHash(table, Column(table, spec.Key, "key"), train, validation),
            SplitMethod.Time => CutOnDistinctTimes(TimeKeys(table, Column(table, spec.TimeColumn, "timeColumn")), train, validation),
            _ when spec.StratifyBy is { } column => Stratified(Shuffle(table.RowCount, (ulong)(spec.Seed ?? 42)), Column(table, column, "stratifyBy"), train, validation),
            _ => Cut(Shuffle(table.RowCount, (ulong)(spec.Seed ?? 42)), train, validation),
        };
    }

    private static TableColumn Column(Table table, string? name, string field)
    {
        if (name is null)
        {
            throw GitOpsMlFailure.InvalidSpec(SpecRefusal.SplitInvalid, $"This split method needs split.{field}.");
        }
        return table.TryGetColumn(name, out var column)
            ? column
            : throw GitOpsMlFailure.InvalidSpec(SpecRefusal.SplitInvalid, $"split.{field} names column '{name}', which the data does not have; columns are [{string.Join(", ", table.ColumnNames)}].");
    }

    private static int[] Shuffle(int n, ulong seed)
    {
        var order = Enumerable.Range(0, n).ToArray();
        var random = new SplitMix64(seed);
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static double[] TimeKeys(Table table, TableColumn column)
    {
        RefuseMissing(table, column, "time");
        return column switch
        {
            TimestampColumn t => t.Values.Select(v => (double)v!.Value.UtcTicks).ToArray(),
            NumericColumn num => num.Values,
            _ => throw GitOpsMlFailure.InvalidSpec(SpecRefusal.SplitInvalid, $"split.timeColumn '{column.Name}' is {column.Type}; it must be a timestamp or numeric column."),
        };
    }

    /// <summary>The time split's cut points, each moved out of any run of equal times (see the class summary).</summary>
    public static SplitIndices CutOnDistinctTimes(double[] keys, double train, double validation)
    {
        // Stable sort (OrderBy) so equal times keep file order.
        var order = Enumerable.Range(0, keys.Length).OrderBy(i => keys[i]).ToArray();
        int Snap(int cut)
        {
            if (cut <= 0 || cut >= order.Length || keys[order[cut - 1]] != keys[order[cut]])
            {
                return cut;
            }
            var (start, end) = (cut, cut);
            while (start > 0 && keys[order[start - 1]] == keys[order[cut]]) start--;
            while (end < order.Length && keys[order[end]] == keys[order[cut]]) end++;
            return cut - start < end - cut ? start : end;
        }
        var (trainEnd, validationEnd) = CutPoints(order.Length, train, validation);
        var snappedTrain = Snap(trainEnd);
        return Parts(order, snappedTrain, Math.Max(snappedTrain, Snap(validationEnd)));
    }

    private static SplitIndices ByHash(Table table, TableColumn column, double train, double validation)
    {
        RefuseMissing(table, column, "hash");
        List<int> a = [], b = [], c = [];
        for (var row = 0; row < table.RowCount; row++)
        {
            var u = StableHash.UnitInterval(column.CanonicalValue(row)!);
            (u < train ? a : u < train + validation ? b : c).Add(row);
        }
        return new SplitIndices(a.ToArray(), b.ToArray(), c.ToArray());
    }

    private static SplitIndices Cut(int[] order, double train, double validation)
    {
        var (trainEnd, validationEnd) = CutPoints(order.Length, train, validation);
        return Parts(order, trainEnd, validationEnd);
    }

    /// <summary>
    /// The shuffled order taken one stratum at a time (strata in ordinal order of their canonical value,
    /// missing values last): each stratum is cut at its own points, so every value is split in the spec's fractions.
    /// </summary>
    private static SplitIndices Stratified(int[] order, TableColumn column, double train, double validation)
    {
        List<int> a = [], b = [], c = [];
        var strata = order.GroupBy(row => column.IsMissing(row) ? null : column.CanonicalValue(row))
            .OrderBy(g => g.Key is null).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var stratum in strata)
        {
            var rows = stratum.ToArray();
            var (trainEnd, validationEnd) = CutPoints(rows.Length, train, validation);
            a.AddRange(rows[..trainEnd]);
            b.AddRange(rows[trainEnd..validationEnd]);
            c.AddRange(rows[validationEnd..]);
        }
        a.Sort();
        b.Sort();
        c.Sort();
        return new SplitIndices(a.ToArray(), b.ToArray(), c.ToArray());
    }

    private static (int TrainEnd, int ValidationEnd) CutPoints(int n, double train, double validation) => SplitCuts.Points(n, train, validation);

    private static SplitIndices Parts(int[] order, int trainEnd, int validationEnd)
    {
        var n = order.Length;
        int[] Part(int from, int to)
        {
            var part = order[from..to];
            Array.Sort(part);
            return part;
        }
        return new SplitIndices(Part(0, trainEnd), Part(trainEnd, validationEnd), Part(validationEnd, n));
    }

    private static void RefuseMissing(Table table, TableColumn column, string method)
    {
        var missing = Enumerable.Range(0, table.RowCount).Where(column.IsMissing).ToList();
        if (missing.Count > 0)
        {
            throw new DataRefusedException(DataRefusalReason.SplitColumnMissing,
                $"The {method} split needs a value in every row, but column '{column.Name}' is missing in {missing.Count} rows " +
                $"(first at {table.DescribeRow(missing[0])}). Mark it nullable: false so validation drops those rows.");
        }
    }
}
