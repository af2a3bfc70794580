using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Profiling;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Validation;
using GitOpsMl.Data.Weighting;
using static GitOpsMl.Data.Tests.Specs;

namespace GitOpsMl.Data.Tests;

/// <summary>The role weight column: which values a row may carry, how the schema may declare it, and where it does not go.</summary>
public class SampleWeightTests
{
    private static DatasetSpec Weighted(double maxInvalid = 0.9, bool? nullable = null) => Dataset(
        Col("x", ColumnType.Float),
        Col("w", ColumnType.Float, ColumnRole.Weight) with { Nullable = nullable },
        Col("y", ColumnType.Bool, ColumnRole.Label)) with
    {
        Validation = new DataValidationSpec { MaxInvalidFraction = maxInvalid },
    };

    // One row per case; the line number is in the comment.
    private const string Csv =
        "x,w,y\n" +      // 1 header
        "1,2.5,true\n" + // 2 valid
        "2,0,false\n" +  // 3 valid: weight 0 keeps the row, it just counts for nothing
        "3,-1,true\n" +  // 4 negative
        "4,,false\n" +   // 5 missing
        "5,inf,true\n" + // 6 not finite
        "6,1,false\n";   // 7 valid

    [Fact]
    public void A_missing_negative_or_infinite_weight_makes_its_row_invalid_naming_the_line()
    {
        var (table, report) = DatasetLoader.Load(Weighted(), Utf8(Csv));

        Assert.Equal([2L, 3L, 7L], Enumerable.Range(0, table.RowCount).Select(table.SourceRow));
        var weights = report.Find(ViolationKind.InvalidWeight, "w");
        Assert.NotNull(weights);
        Assert.Equal(3, weights.Count);
        Assert.Equal([4L, 5L, 6L], weights.Examples.Select(e => e.Row));
        Assert.Contains("weight -1 is negative", weights.Examples[0].Message);
        Assert.Contains("'w' is missing", weights.Examples[1].Message);
        Assert.Contains("is not finite", weights.Examples[2].Message);
    }

    [Fact]
    public void Nullable_does_not_let_a_missing_weight_through()
    {
        var (_, report) = DatasetLoader.Load(Weighted(nullable: true), Utf8("x,w,y\n1,,true\n2,1,false\n"));

        Assert.Equal(1, report.Find(ViolationKind.InvalidWeight, "w")!.Count);
        Assert.Null(report.Find(ViolationKind.NullNotAllowed, "w"));
    }

    [Fact]
    public void Invalid_weights_count_against_the_invalid_row_budget_like_any_violation()
    {
        var e = Assert.Throws<DataRefusedException>(() => DatasetLoader.Load(Weighted(maxInvalid: 0), Utf8(Csv)));

        Assert.Equal(DataRefusalReason.TooManyInvalidRows, e.Refusal);
        Assert.Contains("3 InvalidWeight in 'w'", e.Message);
    }

    [Fact]
    public void The_weights_of_validated_rows_are_read_in_row_order()
    {
        var spec = Weighted();
        var (table, _) = DatasetLoader.Load(spec, Utf8(Csv));

        Assert.Equal([2.5, 0, 1], SampleWeights.Of(SampleWeights.Column(spec), table)!);
        Assert.Null(SampleWeights.Of(null, table));
    }

    [Fact]
    public void An_unweighted_schema_has_no_weight_column()
    {
        Assert.Null(SampleWeights.Column(Dataset(Col("x", ColumnType.Float), Col("y", ColumnType.Bool, ColumnRole.Label))));
    }

    [Fact]
    public void Two_weight_columns_or_a_non_numeric_one_are_refused_at_the_field()
    {
        var two = Dataset(Col("a", ColumnType.Float, ColumnRole.Weight), Col("b", ColumnType.Int, ColumnRole.Weight));
        var text = Dataset(Col("x", ColumnType.Float), Col("w", ColumnType.String, ColumnRole.Weight));

        var e1 = Assert.Throws<GitOpsMlFailure>(() => SampleWeights.Column(two));
        var e2 = Assert.Throws<GitOpsMlFailure>(() => SampleWeights.Column(text));

        Assert.Equal((FailureKind.InvalidSpec, nameof(SpecRefusal.WeightColumn), "spec.schema[1].role"), (e1.Kind, e1.Reason, e1.Field));
        Assert.Contains("\"a\" and \"b\" both have role weight", e1.Message);
        Assert.Equal((FailureKind.InvalidSpec, nameof(SpecRefusal.WeightColumn), "spec.schema[1].role"), (e2.Kind, e2.Reason, e2.Field));
        Assert.Contains("has type string", e2.Message);
    }

    [Theory]
    [InlineData(new[] { 0.0, 0.0 }, false)]
    [InlineData(new double[0], false)]
    [InlineData(new[] { 0.0, 0.5 }, true)]
    public void A_split_whose_rows_all_weigh_nothing_is_refused(double[] weights, bool accepted)
    {
        var call = () => SampleWeights.RequirePositiveTotal(weights, "w", "test");

        if (accepted)
        {
            call();
            return;
        }
        var e = Assert.Throws<GitOpsMlFailure>(call);
        Assert.Equal((FailureKind.InvalidData, nameof(DataRefusalReason.ZeroWeights)), (e.Kind, e.Reason));
        Assert.Contains("test split has weight 0 in column \"w\"", e.Message);
    }

    [Fact]
    public void The_profile_leaves_the_weight_out_since_serving_never_sees_it()
    {
        var spec = Weighted();
        var (table, _) = DatasetLoader.Load(spec, Utf8(Csv));

        var profile = DataProfiler.Profile(spec, table);

        Assert.Equal(["x", "y"], profile.Columns.Keys.Order());
    }
}
