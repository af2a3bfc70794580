using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Inspection;

namespace GitOpsMl.Data.Tests.Inspection;

/// <summary>Which schema type a column of text values is proposed with.</summary>
public class ColumnTypeInferenceTests
{
    private static readonly HashSet<string> Nulls = ["NA", "NaN"];

    private static ColumnType Infer(params string[] cells)
    {
        var stats = new ColumnStatistics("c", new InspectionOptions());
        foreach (var cell in cells) stats.AddText(cell, Nulls);
        return ColumnTypeInference.Infer(stats);
    }

    [Theory]
    [InlineData(ColumnType.Int, "1", "-2", "30", "")]
    [InlineData(ColumnType.Int, "0", "1", "1", "0")]
    [InlineData(ColumnType.Bool, "true", "false", "TRUE")]
    [InlineData(ColumnType.Bool, "yes", "no", "NA")]
    [InlineData(ColumnType.Float, "1", "2.5", "-3e2", "inf")]
    [InlineData(ColumnType.Float, "3.0", "4.0")]
    [InlineData(ColumnType.Timestamp, "2024-01-01", "2024-02-29T13:00:00Z", "2023-12-31 23:59")]
    [InlineData(ColumnType.Category, "a", "b", "a", "b", "a")]
    [InlineData(ColumnType.String, "alice", "bob", "carol")]
    [InlineData(ColumnType.String, "1", "two", "3")]
    [InlineData(ColumnType.String, "", "NA", "NaN")]
    public void Text_values_call_for_the_narrowest_type_that_holds_them_all(ColumnType expected, params string[] cells)
    {
        Assert.Equal(expected, Infer(cells));
    }

    [Theory]
    [InlineData(3, false, 6, true)]
    [InlineData(3, false, 5, false)]
    [InlineData(220, false, 3_000_000, true)]
    [InlineData(220, false, 1000, false)]
    [InlineData(1001, false, 3_000_000, false)]
    [InlineData(50, true, 3_000_000, false)]
    public void Text_is_a_category_when_its_values_repeat(int distinct, bool lowerBound, long values, bool category)
    {
        Assert.Equal(category, ColumnTypeInference.IsCategory(distinct, lowerBound, values));
    }

    [Fact]
    public void Counts_nulls_values_distinct_values_and_keeps_the_first_distinct_examples()
    {
        var stats = new ColumnStatistics("c", new InspectionOptions { Examples = 2 });
        foreach (var cell in new[] { "b", "", "a", "b", "NA", "c" }) stats.AddText(cell, Nulls);

        var column = stats.ToColumn();

        Assert.Equal((2L, 4L, 3), (column.NullCount, column.ValueCount, column.DistinctCount));
        Assert.Equal(["b", "a"], column.Examples);
    }

    [Fact]
    public void Distinct_values_are_bounded_and_then_reported_as_a_lower_bound()
    {
        var stats = new ColumnStatistics("id", new InspectionOptions { MaxDistinct = 100 });
        for (var i = 0; i < 1000; i++) stats.AddText("x" + i, Nulls);

        var column = stats.ToColumn();

        Assert.Equal(100, column.DistinctCount);
        Assert.True(column.DistinctIsLowerBound);
        Assert.Equal(ColumnType.String, column.Type);
    }
}
