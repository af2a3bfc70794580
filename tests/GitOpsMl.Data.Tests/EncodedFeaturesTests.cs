using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Tables;
using static GitOpsMl.Data.Tests.Specs;

namespace GitOpsMl.Data.Tests;

/// <summary>The compact encoding holds exactly the transformed matrix, in rows × (dense columns + categorical features) values.</summary>
public class EncodedFeaturesTests
{
    private static readonly DatasetSpec Schema = Dataset(
        Col("a", ColumnType.Float),
        Col("b", ColumnType.Int) with { Nullable = false },
        Col("plan", ColumnType.Category),
        Col("origin", ColumnType.Category),
        Col("city", ColumnType.String),
        Col("y", ColumnType.Bool, ColumnRole.Label));

    private static Table Rows(int n, int seed) => Table.Of(
        new NumericColumn("a", [.. Enumerable.Range(0, n).Select(i => i % 7 == 0 ? double.NaN : (i * seed % 13) - 3.5)]),
        new NumericColumn("b", ColumnType.Int, [.. Enumerable.Range(0, n).Select(i => (double)(i * seed % 5))]),
        new StringColumn("plan", [.. Enumerable.Range(0, n).Select(i => i % 9 == 0 ? null : $"p{i * seed % 4}")]),
        new StringColumn("origin", [.. Enumerable.Range(0, n).Select(i => i % 10 == 0 ? "" : $"o{i * seed % 23}")]),
        new StringColumn("city", ColumnType.String, [.. Enumerable.Range(0, n).Select(i => $"city{i * seed % 17}")]));

    private static FittedFeaturePipeline Fit() => FeaturePipelineFitter.Fit(
        FeatureSet("y",
            Feature("a", T(TransformType.Impute) with { Strategy = ImputeStrategy.Median, Indicator = true }, T(TransformType.Standardize)),
            Feature("plan", T(TransformType.Impute) with { Strategy = ImputeStrategy.Constant, Value = "none", Indicator = true }, T(TransformType.OneHot) with { Unknown = UnknownCategory.Other }),
            Feature("b", T(TransformType.Bucketize) with { Boundaries = [1, 3] }),
            Feature("origin"),
            Feature("city", T(TransformType.HashBucket) with { Buckets = 8 })),
        Schema, Rows(200, 3));

    [Fact]
    public void Expanding_the_compact_encoding_gives_the_transformed_matrix_unseen_and_missing_values_included()
    {
        var pipeline = Fit();
        var table = Rows(150, 5); // other values: unseen origins and cities, missing plans and origins

        var encoded = pipeline.Encode(table);
        var matrix = pipeline.Transform(table);

        Assert.Equal(matrix.Values, encoded.ToMatrix().Values);
        Assert.Equal(matrix.Names, encoded.Names);
        Assert.Contains(-1, encoded.Hot);
        var middle = new float[20 * matrix.Width];
        encoded.WriteRows(40, 20, middle);
        Assert.Equal(matrix.Values.AsSpan(40 * matrix.Width, 20 * matrix.Width).ToArray(), middle);
    }

    [Fact]
    public void Categorical_blocks_take_one_index_per_row_whatever_their_width()
    {
        var pipeline = Fit();
        var encoded = pipeline.Encode(Rows(100, 5));

        // Dense: a, a__missing, plan__missing, 3 buckets of b. Blocks: plan, origin, city.
        Assert.Equal(3, encoded.HotBlocks);
        Assert.Equal(6, encoded.DenseColumns.Length);
        Assert.Equal(100 * 3, encoded.Hot.Length);
        Assert.Equal(100 * 6, encoded.Dense.Length);
        Assert.True(encoded.Width > 6 + 3 + 20);
    }

    [Fact]
    public void A_dense_matrix_is_its_own_encoding()
    {
        float[] values = [1, 2, 3, 4, 5, 6];
        var encoded = EncodedFeatures.FromMatrix(values, 3);

        Assert.True(encoded.IsDenseMatrix);
        Assert.Equal(2, encoded.Rows);
        Assert.Same(values, encoded.Dense);
        Assert.Equal(values, encoded.ToMatrix().Values);
    }
}
