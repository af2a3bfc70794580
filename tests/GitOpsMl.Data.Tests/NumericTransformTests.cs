using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Tables;
using static GitOpsMl.Data.Tests.Specs;

namespace GitOpsMl.Data.Tests;

public class NumericTransformTests
{
    private const double Inf = double.PositiveInfinity;
    private const double NaN = double.NaN;

    /// <summary>Fits one float column "x" on <paramref name="train"/> with the given transforms.</summary>
    private static FittedFeaturePipeline Fit(double[] train, bool nullable, params TransformSpec[] transforms) =>
        FeaturePipelineFitter.Fit(
            FeatureSet("y", Feature("x", transforms)),
            Dataset(Col("x", ColumnType.Float) with { Nullable = nullable }, Col("y", ColumnType.Bool, ColumnRole.Label)),
            Table.Of(new NumericColumn("x", train)));

    private static float[] Apply(FittedFeaturePipeline pipeline, params double[] x) =>
        pipeline.Transform(Table.Of(new NumericColumn("x", x))).Values;

    private static IReadOnlyList<NumericStep> Steps(FittedFeaturePipeline pipeline) =>
        ((FittedNumericFeature)Assert.Single(pipeline.Features)).Steps;

    [Fact]
    public void A_nullable_column_without_impute_gets_an_implicit_mean_impute_recorded_in_the_fitted_state()
    {
        // Mean of 1..4 = 2.5 fills the NaN; standardize then sees 1,2,3,4,2.5: mean 2.5, population std √(5/5) = 1.
        var pipeline = Fit([1, 2, 3, 4, NaN], nullable: true, T(TransformType.Standardize));

        Assert.Equal([new ImputeStep(ImputeStrategy.Mean, 2.5, Indicator: false, Implicit: true), new StandardizeStep(2.5, 1)], Steps(pipeline));
        Assert.Equal(["x"], pipeline.OutputNames);
        Assert.Equal([-1.5f, 0f, float.PositiveInfinity, float.NegativeInfinity, 7.5f], Apply(pipeline, 1, NaN, Inf, -Inf, 10));
    }

    [Fact]
    public void Standardize_of_a_constant_column_divides_by_one_and_without_impute_NaN_stays_NaN()
    {
        var pipeline = Fit([3, 3, 3], nullable: false, T(TransformType.Standardize));

        Assert.Equal([new StandardizeStep(3, 1)], Steps(pipeline));
        Assert.Equal([0f, 2f, float.NaN], Apply(pipeline, 3, 5, NaN));
    }

    [Fact]
    public void Standardize_uses_the_population_standard_deviation()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population std 2.
        var pipeline = Fit([2, 4, 4, 4, 5, 5, 7, 9], nullable: false, T(TransformType.Standardize));

        Assert.Equal([new StandardizeStep(5, 2)], Steps(pipeline));
        Assert.Equal([-1.5f, 2f], Apply(pipeline, 2, 9));
    }

    [Fact]
    public void MinMax_scales_by_the_training_range_without_clipping()
    {
        var pipeline = Fit([2, 4, 10], nullable: false, T(TransformType.MinMax));

        Assert.Equal([new MinMaxStep(2, 10)], Steps(pipeline));
        Assert.Equal([0f, 0.5f, 1f, 1.25f, -0.25f, float.NegativeInfinity, float.NaN], Apply(pipeline, 2, 6, 10, 12, 0, -Inf, NaN));
    }

    [Fact]
    public void MinMax_of_a_constant_column_divides_by_one()
    {
        var pipeline = Fit([5, 5], nullable: false, T(TransformType.MinMax));

        Assert.Equal([new MinMaxStep(5, 5)], Steps(pipeline));
        Assert.Equal([0f, 2f], Apply(pipeline, 5, 7));
    }

    [Fact]
    public void Log1p_floors_at_zero_before_the_log()
    {
        var pipeline = Fit([0, 1], nullable: false, T(TransformType.Log1p));
        var y = Apply(pipeline, 0, Math.E - 1, -5, Inf, -Inf, NaN);

        Assert.Equal(0f, y[0]);
        Assert.Equal(1f, y[1], 6);
        Assert.Equal(0f, y[2]);
        Assert.Equal(float.PositiveInfinity, y[3]);
        Assert.Equal(0f, y[4]);
        Assert.True(float.IsNaN(y[5]));
    }

    [Fact]
    public void Clip_clamps_infinities_to_present_bounds_and_leaves_an_absent_side_open()
    {
        var both = Fit([0], nullable: false, T(TransformType.Clip) with { Min = 0, Max = 10 });
        Assert.Equal([new ClipStep(0, 10)], Steps(both));
        Assert.Equal([0f, 5f, 10f, 10f, 0f, float.NaN], Apply(both, -5, 5, 15, Inf, -Inf, NaN));

        var upper = Fit([0], nullable: false, T(TransformType.Clip) with { Max = 10 });
        Assert.Equal([-5f, 10f, float.NegativeInfinity], Apply(upper, -5, Inf, -Inf));
    }

    [Fact]
    public void Bucketize_with_boundaries_one_hots_lower_inclusive_buckets()
    {
        var pipeline = Fit([0], nullable: false, T(TransformType.Bucketize) with { Boundaries = [0, 10] });

        Assert.Equal(["x__bucket0", "x__bucket1", "x__bucket2"], pipeline.OutputNames);
        var m = pipeline.Transform(Table.Of(new NumericColumn("x", -1, 0, 5, 10, 11, Inf, -Inf, NaN)));
        int[] expected = [0, 1, 1, 2, 2, 2, 0, -1]; // NaN (no impute: nullable false) → all zeros
        for (var row = 0; row < expected.Length; row++)
        {
            Assert.Equal(Enumerable.Range(0, 3).Select(b => b == expected[row] ? 1f : 0f), m.Row(row).ToArray());
        }
    }

    [Fact]
    public void Bucketize_with_quantiles_fits_type7_quantile_boundaries()
    {
        var pipeline = Fit([.. Enumerable.Range(1, 10).Select(i => (double)i)], nullable: false, T(TransformType.Bucketize) with { Quantiles = 4 });

        var step = Assert.IsType<BucketizeStep>(Assert.Single(Steps(pipeline)));
        Assert.Equal([3.25, 5.5, 7.75], step.Boundaries);
        Assert.Equal(4, step.Quantiles);
        Assert.Equal(4, pipeline.Width);
    }

    [Fact]
    public void Bucketize_drops_quantile_boundaries_that_are_equal_in_float32()
    {
        // Terciles 1+1e-10 and 1+2e-10 differ as doubles but are both 1f.
        var pipeline = Fit([1, 1 + 1e-10, 1 + 2e-10, 5], nullable: false, T(TransformType.Bucketize) with { Quantiles = 3 });

        var step = Assert.IsType<BucketizeStep>(Assert.Single(Steps(pipeline)));
        Assert.Single(step.Boundaries);
    }

    [Fact]
    public void Each_step_is_fitted_on_the_output_of_the_steps_before_it()
    {
        // clip to [0, 4] first gives 0, 2, 4, 4: standardize fits mean 2.5 and std √((6.25+0.25+2.25+2.25)/4).
        var pipeline = Fit([-10, 2, 4, 100], nullable: false, T(TransformType.Clip) with { Min = 0, Max = 4 }, T(TransformType.Standardize));

        var standardize = Assert.IsType<StandardizeStep>(Steps(pipeline)[1]);
        Assert.Equal(2.5, standardize.Mean, 12);
        Assert.Equal(Math.Sqrt((6.25 + 0.25 + 2.25 + 2.25) / 4), standardize.Std, 6);
    }

    [Theory]
    [InlineData(ImputeStrategy.Mean, null, 4.0)]          // (1+2+3+10)/4
    [InlineData(ImputeStrategy.Median, null, 2.5)]        // (2+3)/2
    [InlineData(ImputeStrategy.Constant, "7.5", 7.5)]
    public void Impute_fits_its_fill_on_the_finite_training_values(ImputeStrategy strategy, string? value, double fill)
    {
        var pipeline = Fit([1, 2, 3, 10, NaN, Inf], nullable: true, T(TransformType.Impute) with { Strategy = strategy, Value = value });

        Assert.Equal([new ImputeStep(strategy, fill)], Steps(pipeline));
        Assert.Equal([(float)fill, 1f, float.PositiveInfinity], Apply(pipeline, NaN, 1, Inf));
    }

    [Fact]
    public void Impute_mostFrequent_breaks_ties_towards_the_smallest_value()
    {
        var pipeline = Fit([3, 3, 2, 2, 1, NaN], nullable: true, T(TransformType.Impute) with { Strategy = ImputeStrategy.MostFrequent });
        Assert.Equal([new ImputeStep(ImputeStrategy.MostFrequent, 2)], Steps(pipeline));
    }

    [Fact]
    public void The_missing_indicator_reads_the_raw_value_and_follows_the_value_outputs()
    {
        var pipeline = Fit([0, 10, NaN], nullable: true,
            T(TransformType.Impute) with { Strategy = ImputeStrategy.Mean, Indicator = true },
            T(TransformType.MinMax));

        Assert.Equal(["x", "x__missing"], pipeline.OutputNames);
        var m = pipeline.Transform(Table.Of(new NumericColumn("x", NaN, 10, Inf)));
        Assert.Equal([0.5f, 1f, 1f, 0f, float.PositiveInfinity, 0f], m.Values);
    }

    [Fact]
    public void Bool_columns_are_numeric_zero_one()
    {
        var pipeline = FeaturePipelineFitter.Fit(
            FeatureSet("y", Feature("b", T(TransformType.Standardize))),
            Dataset(Col("b", ColumnType.Bool) with { Nullable = false }, Col("y", ColumnType.Bool, ColumnRole.Label)),
            Table.Of(new NumericColumn("b", ColumnType.Bool, [0, 1, 1, 0])));

        Assert.Equal([new StandardizeStep(0.5, 0.5)], Steps(pipeline));
    }
}
