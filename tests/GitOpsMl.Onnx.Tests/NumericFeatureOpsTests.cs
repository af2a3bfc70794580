using GitOpsMl.Onnx.Tests.Support;

namespace GitOpsMl.Onnx.Tests;

// Every numeric transform, run in ONNX Runtime, must agree with NumericFeatureMath (what training
// uses) on missing, infinite, out-of-range and ordinary values.
public class NumericFeatureOpsTests
{
    private static readonly float[] Column = SpecialFloats.Column;

    private static void AssertMatches(Func<OnnxGraphBuilder, string, string> emit, Func<float, float> reference)
    {
        var actual = SingleColumnModel.RunNumeric(emit, 1, Column);
        Assert.Equal([Column.Length, 1], actual.Shape);
        FloatAssert.AllClose(Column.Select(reference).ToArray(), actual.Data);
    }

    [Fact]
    public void Standardize_subtracts_mean_and_divides_by_std() =>
        AssertMatches((g, x) => g.Standardize(x, 3.5f, 2.25f), x => NumericFeatureMath.Standardize(x, 3.5f, 2.25f));

    [Fact]
    public void Standardize_rejects_a_std_that_would_divide_by_zero()
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddNumericColumn("x");
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.Standardize(x, 0f, 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.Standardize(x, 0f, float.NaN));
    }

    [Fact]
    public void MinMaxScale_maps_the_fitted_range_to_0_1_and_extrapolates_outside_it() =>
        AssertMatches((g, x) => g.MinMaxScale(x, -2f, 10f), x => NumericFeatureMath.MinMaxScale(x, -2f, 10f));

    [Fact]
    public void MinMaxScale_of_a_constant_column_shifts_by_min_only()
    {
        AssertMatches((g, x) => g.MinMaxScale(x, 5f, 5f), x => NumericFeatureMath.MinMaxScale(x, 5f, 5f));
        Assert.Equal(0f, NumericFeatureMath.MinMaxScale(5f, 5f, 5f));
    }

    [Fact]
    public void Log1p_is_log_of_one_plus_x_floored_at_zero_so_negatives_stay_finite() =>
        AssertMatches((g, x) => g.Log1p(x), NumericFeatureMath.Log1p);

    [Fact]
    public void Clip_clamps_into_bounds_and_keeps_nan_missing()
    {
        AssertMatches((g, x) => g.Clip(x, -1.5f, 100f), x => NumericFeatureMath.Clip(x, -1.5f, 100f));
        Assert.True(float.IsNaN(NumericFeatureMath.Clip(float.NaN, 0, 1)));
    }

    [Fact]
    public void Clip_keeps_nan_on_large_vectorised_batches_too()
    {
        var column = Enumerable.Range(0, 4099).Select(i => i % 3 == 0 ? float.NaN : i - 2000f).ToArray();
        var actual = SingleColumnModel.RunNumeric((g, x) => g.Clip(x, -10f, 10f), 1, column);
        FloatAssert.AllClose(column.Select(x => NumericFeatureMath.Clip(x, -10f, 10f)).ToArray(), actual.Data);
    }

    [Fact]
    public void Impute_replaces_only_nan_and_leaves_infinities() =>
        AssertMatches((g, x) => g.Impute(x, 7.25f), x => NumericFeatureMath.Impute(x, 7.25f));

    [Fact]
    public void MissingIndicator_is_one_exactly_for_nan() =>
        AssertMatches((g, x) => g.MissingIndicator(x), NumericFeatureMath.MissingIndicator);

    [Fact]
    public void Impute_and_indicator_read_from_the_same_raw_column()
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddNumericColumn("x");
        var both = graph.ConcatFeatures([graph.Impute(x, 0f), graph.MissingIndicator(x)]);
        graph.AddOutput("y", TensorElementType.Float, both, 2);
        var actual = OrtRunner.RunFloat(graph.ToBytes(), "y", OrtRunner.FloatColumn("x", float.NaN, 3f));
        Assert.Equal([0f, 1f, 3f, 0f], actual.Data);
    }

    [Fact]
    public void BucketizeOneHot_sets_the_bucket_of_each_value_and_zeros_for_nan()
    {
        float[] boundaries = [-1f, 0f, 2.75f, 1e6f];
        var column = Column.Concat(boundaries).Concat([-1.0001f, 2.7499f]).ToArray();
        var actual = SingleColumnModel.RunNumeric((g, x) => g.BucketizeOneHot(x, boundaries), boundaries.Length + 1, column);
        Assert.Equal([column.Length, boundaries.Length + 1], actual.Shape);
        for (var row = 0; row < column.Length; row++)
        {
            FloatAssert.AllClose(NumericFeatureMath.BucketOneHot(column[row], boundaries), actual.Row(row), $"x={column[row]}");
        }
    }

    [Theory]
    [InlineData(float.NegativeInfinity, 0)]
    [InlineData(-5f, 0)]
    [InlineData(0f, 1)]   // a value equal to a boundary belongs to the bucket above it
    [InlineData(0.5f, 1)]
    [InlineData(1f, 2)]
    [InlineData(float.PositiveInfinity, 2)]
    [InlineData(float.NaN, -1)]
    public void BucketIndex_counts_boundaries_at_or_below_x(float x, int expected) =>
        Assert.Equal(expected, NumericFeatureMath.BucketIndex(x, [0f, 1f]));

    [Fact]
    public void BucketizeOneHot_rejects_unsorted_or_non_finite_boundaries()
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddNumericColumn("x");
        Assert.Throws<ArgumentException>(() => graph.BucketizeOneHot(x, [1f, 1f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.BucketizeOneHot(x, [1f, float.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => graph.BucketizeOneHot(x, []));
    }
}
