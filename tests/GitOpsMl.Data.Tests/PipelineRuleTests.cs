using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Tables;
using static GitOpsMl.Data.Tests.Specs;

namespace GitOpsMl.Data.Tests;

/// <summary>Feature sets the fitter refuses, each with a message that names the column and the fix.</summary>
public class PipelineRuleTests
{
    private static readonly DatasetSpec Schema = Dataset(
        Col("id", ColumnType.String, ColumnRole.Id),
        Col("at", ColumnType.Timestamp),
        Col("x", ColumnType.Float),
        Col("empty", ColumnType.Float),
        Col("plan", ColumnType.Category),
        Col("y", ColumnType.Bool, ColumnRole.Label));

    private static readonly Table Train = Table.Of(
        new StringColumn("id", ColumnType.String, ["1", "2"]),
        new TimestampColumn("at", [DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch]),
        new NumericColumn("x", 1, 2),
        new NumericColumn("empty", double.NaN, double.NaN),
        new StringColumn("plan", "a", "b"),
        new NumericColumn("y", ColumnType.Bool, [0, 1]));

    private static FeaturePipelineException Refused(params FeatureSpec[] features) =>
        Assert.Throws<FeaturePipelineException>(() => FeaturePipelineFitter.Fit(FeatureSet("y", features), Schema, Train));

    [Fact]
    public void Datetime_needs_a_timestamp_column_and_cannot_be_combined_with_transforms()
    {
        var onNumber = Refused(new FeatureSpec { Column = "id", Datetime = new DatetimeSpec { Parts = [DatetimePart.Month] } });
        Assert.Equal(nameof(SpecRefusal.ColumnCannotBeFeature), onNumber.Reason);
        var both = Refused(new FeatureSpec { Column = "at", Datetime = new DatetimeSpec { Elapsed = ElapsedUnit.Days }, Transforms = [new() { Type = TransformType.Standardize }] });
        Assert.Contains("either datetime or transforms", both.Message);
    }

    [Fact]
    public void Timestamp_and_id_columns_cannot_be_features()
    {
        Assert.Contains("'at' is a timestamp; use it through datetime to derive calendar features", Refused(Feature("at")).Message);
        var id = Refused(Feature("id"));
        Assert.Contains("'id' has role id and cannot be a feature", id.Message);
        Assert.Equal("id", id.Column);
        Assert.Equal((FailureKind.InvalidSpec, nameof(SpecRefusal.ColumnCannotBeFeature)), (id.Kind, id.Reason));
    }

    [Fact]
    public void A_weight_column_cannot_be_a_feature_here_as_in_validate()
    {
        // validate refused role weight and the fitter did not: one rule (ColumnRules) now decides for both.
        var schema = Schema with { Schema = [.. Schema.Schema, Col("w", ColumnType.Float, ColumnRole.Weight)] };
        var train = Table.Of([.. Train.Columns, new NumericColumn("w", 1, 2)]);
        var e = Assert.Throws<FeaturePipelineException>(() => FeaturePipelineFitter.Fit(FeatureSet("y", Feature("w")), schema, train));
        Assert.Contains("'w' has role weight and cannot be a feature", e.Message);
        Assert.Equal("has role weight and cannot be a feature", ColumnRules.FeatureProblem(schema.Schema[^1]));
    }

    [Fact]
    public void Unknown_label_and_repeated_columns_are_refused()
    {
        Assert.Contains("not a column of the dataset", Refused(Feature("nope")).Message);
        Assert.Contains("is the label column", Refused(Feature("y")).Message);
        Assert.Contains("listed more than once", Refused(Feature("x"), Feature("x")).Message);
    }

    [Fact]
    public void Prohibited_columns_are_refused()
    {
        var spec = FeatureSet("y", Feature("x")) with { ProhibitedColumns = ["x"] };
        Assert.Throws<FeaturePipelineException>(() => FeaturePipelineFitter.Fit(spec, Schema, Train));
    }

    [Fact]
    public void Bucketize_must_be_last_and_impute_first()
    {
        Assert.Contains("bucketize must be the last transform",
            Refused(Feature("x", T(TransformType.Bucketize) with { Boundaries = [1] }, T(TransformType.Standardize))).Message);
        Assert.Contains("impute must be the first transform",
            Refused(Feature("x", T(TransformType.Standardize), T(TransformType.Impute))).Message);
        Assert.Contains("impute must be the first transform",
            Refused(Feature("plan", T(TransformType.OneHot), T(TransformType.Impute))).Message);
    }

    [Fact]
    public void Transforms_must_suit_the_column_type()
    {
        Assert.Contains("oneHot applies to category and string columns", Refused(Feature("x", T(TransformType.OneHot))).Message);
        Assert.Contains("standardize applies to numeric columns", Refused(Feature("plan", T(TransformType.Standardize))).Message);
        Assert.Contains("a categorical column takes mostFrequent or constant",
            Refused(Feature("plan", T(TransformType.Impute) with { Strategy = ImputeStrategy.Mean })).Message);
        Assert.Contains("one encoder",
            Refused(Feature("plan", T(TransformType.OneHot), T(TransformType.HashBucket) with { Buckets = 2 })).Message);
    }

    [Fact]
    public void A_column_with_no_training_values_cannot_be_fitted()
    {
        Assert.Contains("no finite values", Refused(Feature("empty")).Message);
    }

    [Fact]
    public void Features_are_emitted_in_spec_order()
    {
        var pipeline = FeaturePipelineFitter.Fit(FeatureSet("y", Feature("plan"), Feature("x")), Schema, Train);
        Assert.Equal(["plan=a", "plan=b", "x"], pipeline.OutputNames);
        Assert.Equal([1f, 0f, 1f, 0f, 1f, 2f], pipeline.Transform(Train).Values);
    }
}
