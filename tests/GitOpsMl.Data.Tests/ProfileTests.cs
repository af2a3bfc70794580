using System.Text.Json;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Profiling;
using GitOpsMl.Data.Tables;
using static GitOpsMl.Data.Tests.Specs;

namespace GitOpsMl.Data.Tests;

public class ProfileTests
{
    [Fact]
    public void Numeric_profile_matches_hand_computed_statistics_bins_and_counts()
    {
        // 1..10, +inf and a missing value. Type-7 quartiles of 1..10: h = 9q →
        // q=.25: 3 + .25·1 = 3.25; q=.5: 5.5; q=.75: 7 + .75·1 = 7.75.
        double[] values = [.. Enumerable.Range(1, 10).Select(i => (double)i), double.PositiveInfinity, double.NaN];

        var p = DataProfiler.Numeric(values, bins: 4);

        Assert.Equal(ColumnProfile.NumericKind, p.Kind);
        Assert.Equal(11, p.Count);
        Assert.Equal(1, p.Missing);
        Assert.Equal(5.5, p.Mean!.Value, 12);
        Assert.Equal(Math.Sqrt(8.25), p.Std!.Value, 12); // population: Σ(x-5.5)²/10 = 82.5/10
        Assert.Equal(1, p.Min);
        Assert.Equal(10, p.Max);
        Assert.Equal([3.25, 5.5, 7.75], p.BinEdges!);
        // (-inf,3.25): 1,2,3 · [3.25,5.5): 4,5 · [5.5,7.75): 6,7 · [7.75,inf): 8,9,10,+inf
        Assert.Equal([3L, 2, 2, 4], p.BinCounts!);
    }

    [Fact]
    public void Repeated_edges_are_dropped_so_a_lumpy_column_gets_fewer_bins()
    {
        // Eight zeros and two ones: deciles are 0 (×7), 0.2 and 1.
        double[] values = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];

        var p = DataProfiler.Numeric(values);

        Assert.Equal(3, p.BinEdges!.Count);
        Assert.Equal(0, p.BinEdges[0]);
        Assert.Equal(0.2, p.BinEdges[1], 12); // 0 + (9·0.8 - 7)·1, with 9·0.8's rounding
        Assert.Equal(1, p.BinEdges[2]);
        Assert.Equal([0L, 8, 0, 2], p.BinCounts!);
    }

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(1.0, 1)]
    [InlineData(1.5, 1)]
    [InlineData(2.0, 2)]
    [InlineData(3.0, 3)]
    [InlineData(1e9, 3)]
    [InlineData(double.PositiveInfinity, 3)]
    [InlineData(double.NegativeInfinity, 0)]
    [InlineData(double.NaN, -1)]
    public void BinIndex_puts_a_value_on_an_edge_into_the_bin_that_edge_opens(double value, int bin)
    {
        Assert.Equal(bin, Bins.BinIndex([1, 2, 3], value));
    }

    [Fact]
    public void BinIndex_without_edges_has_one_bin()
    {
        Assert.Equal(0, Bins.BinIndex([], 42));
        Assert.Equal(-1, Bins.BinIndex([], double.NaN));
    }

    [Fact]
    public void Dataset_profile_covers_feature_and_label_columns_with_category_frequencies()
    {
        var schema = Dataset(
            Col("id", ColumnType.String, ColumnRole.Id),
            Col("at", ColumnType.Timestamp),
            Col("skip", ColumnType.Float, ColumnRole.Ignore),
            Col("plan", ColumnType.Category),
            Col("x", ColumnType.Float),
            Col("y", ColumnType.Bool, ColumnRole.Label));
        var train = Table.Of(
            new StringColumn("id", ColumnType.String, ["1", "2", "3", "4", "5", "6"]),
            new TimestampColumn("at", [.. Enumerable.Repeat<DateTimeOffset?>(DateTimeOffset.UnixEpoch, 6)]),
            new NumericColumn("skip", 1, 2, 3, 4, 5, 6),
            new StringColumn("plan", "b", "a", "b", null, "c", ""),
            new NumericColumn("x", 1, 2, 3, 4, 5, 6),
            new NumericColumn("y", ColumnType.Bool, [0, 1, 1, 0, 1, 1]));

        var profile = DataProfiler.Profile(schema, train);

        Assert.Equal(6, profile.RowCount);
        Assert.Equal(["plan", "x", "y"], profile.Columns.Keys.Order());
        var plan = profile.Columns["plan"];
        Assert.Equal(ColumnProfile.CategoricalKind, plan.Kind);
        Assert.Equal((4L, 2L), (plan.Count, plan.Missing));
        Assert.Equal(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2, ["c"] = 1 }, plan.Frequencies!);
        Assert.Equal(4.0 / 6, profile.Columns["y"].Mean!.Value, 12);

        var capped = DataProfiler.Profile(schema, train, maxCategories: 2).Columns["plan"].Frequencies!;
        Assert.Equal(["a", "b"], capped.Keys); // b (2), then the tie a/c goes to a; keyed in ordinal order

        var json = JsonSerializer.Serialize(profile, ApiJson.Options);
        var back = JsonSerializer.Deserialize<DataProfile>(json, ApiJson.Options)!;
        Assert.Equal(profile.Columns["x"].BinEdges, back.Columns["x"].BinEdges);
    }
}
