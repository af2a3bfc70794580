using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Tables;
using static GitOpsMl.Data.Tests.Specs;

namespace GitOpsMl.Data.Tests;

public class SerializationTests
{
    private static readonly DatasetSpec Schema = Dataset(
        Col("a", ColumnType.Float),
        Col("b", ColumnType.Int) with { Nullable = false },
        Col("c", ColumnType.Float),
        Col("plan", ColumnType.Category),
        Col("city", ColumnType.String),
        Col("y", ColumnType.Bool, ColumnRole.Label));

    private static Table Rows(int n, int seed) => Table.Of(
        new NumericColumn("a", [.. Enumerable.Range(0, n).Select(i => i % 7 == 0 ? double.NaN : (i * seed % 13) - 3.5)]),
        new NumericColumn("b", ColumnType.Int, [.. Enumerable.Range(0, n).Select(i => (double)(i * seed % 5))]),
        new NumericColumn("c", [.. Enumerable.Range(0, n).Select(i => i % 11 == 0 ? double.PositiveInfinity : i * 0.37 * seed)]),
        new StringColumn("plan", [.. Enumerable.Range(0, n).Select(i => i % 9 == 0 ? null : $"p{i * seed % 4}")]),
        new StringColumn("city", ColumnType.String, [.. Enumerable.Range(0, n).Select(i => $"city{i * seed % 17}")]));

    private static FittedFeaturePipeline FitEverything() => FeaturePipelineFitter.Fit(
        FeatureSet("y",
            Feature("a", T(TransformType.Impute) with { Strategy = ImputeStrategy.Median, Indicator = true }, T(TransformType.Clip) with { Min = -2 }, T(TransformType.Standardize)),
            Feature("b", T(TransformType.Log1p), T(TransformType.MinMax), T(TransformType.Bucketize) with { Quantiles = 3 }),
            Feature("c", T(TransformType.Bucketize) with { Boundaries = [1, 5.5] }),
            Feature("plan", T(TransformType.Impute) with { Strategy = ImputeStrategy.Constant, Value = "none", Indicator = true }, T(TransformType.OneHot) with { Unknown = UnknownCategory.Other }),
            Feature("city", T(TransformType.HashBucket) with { Buckets = 8 })),
        Schema, Rows(200, 3));

    [Fact]
    public void A_fitted_pipeline_survives_a_json_round_trip_and_transforms_identically()
    {
        var pipeline = FitEverything();
        var json = pipeline.ToJson();
        var back = FittedFeaturePipeline.FromJson(json);

        Assert.Equal(pipeline.OutputNames, back.OutputNames);
        Assert.Equal(json, back.ToJson());
        var unseen = Rows(150, 5); // other values, unseen categories included
        Assert.Equal(pipeline.Transform(unseen).Values, back.Transform(unseen).Values);
    }

    [Fact]
    public void The_json_names_every_step_and_its_constants_in_camelCase()
    {
        var json = FitEverything().ToJson();

        Assert.Contains("\"kind\": \"numeric\"", json);
        Assert.Contains("\"kind\": \"categorical\"", json);
        Assert.Contains("\"type\": \"impute\"", json);
        Assert.Contains("\"strategy\": \"median\"", json);
        Assert.Contains("\"type\": \"standardize\"", json);
        Assert.Contains("\"type\": \"minMax\"", json);
        Assert.Contains("\"type\": \"log1p\"", json);
        Assert.Contains("\"type\": \"clip\"", json);
        Assert.Contains("\"type\": \"bucketize\"", json);
        Assert.Contains("\"boundaries\"", json);
        Assert.Contains("\"type\": \"oneHot\"", json);
        Assert.Contains("\"unknown\": \"other\"", json);
        Assert.Contains("\"type\": \"hashBucket\"", json);
        Assert.Contains("\"vocabularyBuckets\"", json);
        Assert.Contains("\"implicit\": true", json); // column c is nullable: implicit impute(mean)
        Assert.Contains("\"version\": 1", json);
        // Derived values (output names, widths, the float32 range) are not state and stay out of the file.
        Assert.DoesNotContain("outputNames", json);
        Assert.DoesNotContain("\"width\"", json);
        Assert.DoesNotContain("\"range\"", json);
    }

    [Fact]
    public void A_transform_of_a_table_without_a_feature_column_names_it()
    {
        var e = Assert.Throws<ArgumentException>(() => FitEverything().Transform(Table.Of(new NumericColumn("a", 1))));
        Assert.Contains("'b'", e.Message);
    }
}
