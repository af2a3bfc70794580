using GitOpsMl.Data.Splitting;
using GitOpsMl.Training.Tests.Support;

namespace GitOpsMl.Training.Tests;

/// <summary>
/// Metrics with sample weights against values worked out by hand (the arithmetic is in the comments), and the two
/// properties that pin the meaning down: weight 2 is a duplicated row, weight 0 a removed one, and unit (or no)
/// weights give exactly the numbers of the metrics as they were before weights existed.
/// </summary>
public class WeightedMetricsTests
{
    [Fact]
    public void Binary_decision_metrics_sum_weights_instead_of_counting_rows()
    {
        // predicted (p > 0.5): 1 1 0 0
        // actual:              1 0 1 0
        // weight:              2 1 3 1  → TP 2, FP 1, FN 3, TN 1, total 7
        float[] p = [0.9f, 0.6f, 0.4f, 0.2f];
        float[] y = [1, 0, 1, 0];
        double[] w = [2, 1, 3, 1];

        var m = Metrics.Binary(p, y, w);

        Assert.Equal(3.0 / 7, m["accuracy"], 12);
        Assert.Equal(2.0 / 3, m["precision"], 12);
        Assert.Equal(2.0 / 5, m["recall"], 12);
        // 2 · (2/3)(2/5) / (2/3 + 2/5) = (8/15) / (16/15)
        Assert.Equal(0.5, m["f1"], 12);
        // −(2 ln .9 + ln .4 + 3 ln .4 + ln .8) / 7
        Assert.Equal(-(2 * Math.Log(0.9) + Math.Log(1 - 0.6) + 3 * Math.Log(0.4) + Math.Log(1 - 0.2)) / 7, m["logLoss"], 6);
    }

    [Fact]
    public void Weighted_auc_counts_each_pair_with_the_product_of_its_weights_and_ties_as_one_half()
    {
        // positives 0.35 (w 2), 0.8 (w 1); negatives 0.1 (w 1), 0.35 (w 1), 0.4 (w 2): pair weight 3 · 4 = 12
        // 0.35: beats 0.1 → 2·1, ties 0.35 → ½·2·1, loses to 0.4 → 0   = 3
        // 0.8:  beats all three → 1·1 + 1·1 + 1·2                       = 4
        float[] scores = [0.1f, 0.35f, 0.35f, 0.4f, 0.8f];
        float[] labels = [0, 1, 0, 0, 1];
        double[] w = [1, 2, 1, 2, 1];

        Assert.Equal(7.0 / 12, Metrics.Auc(scores, labels, w), 12);
    }

    [Fact]
    public void Auc_is_undefined_when_one_class_weighs_nothing()
    {
        Assert.True(double.IsNaN(Metrics.Auc([0.2f, 0.7f, 0.9f], [0, 1, 1], [0, 1, 1])));
    }

    [Fact]
    public void Multiclass_metrics_from_hand_weighted_counts()
    {
        // row: probabilities     label  arg-max  weight
        float[] p =
        [
            0.7f, 0.2f, 0.1f, //   0      0 ✓      1
            0.1f, 0.5f, 0.4f, //   2      1 ✗      3
            0.2f, 0.3f, 0.5f, //   2      2 ✓      2
            0.3f, 0.4f, 0.3f, //   1      1 ✓      2
        ];
        long[] y = [0, 2, 2, 1];
        double[] w = [1, 3, 2, 2];

        var m = Metrics.Multiclass(p, y, 3, w);

        // correct weight 1 + 2 + 2 = 5 of 8
        Assert.Equal(5.0 / 8, m["accuracy"], 12);
        // class 0: TP 1, predicted 1, actual 1 → 1; class 1: TP 2, predicted 3 + 2, actual 2 → 4/7;
        // class 2: TP 2, predicted 2, actual 3 + 2 → 4/7
        Assert.Equal((1 + 4.0 / 7 + 4.0 / 7) / 3, m["macroF1"], 12);
        Assert.Equal(-(Math.Log(0.7) + 3 * Math.Log(0.4) + 2 * Math.Log(0.5) + 2 * Math.Log(0.4)) / 8, m["logLoss"], 6);
    }

    [Fact]
    public void Regression_metrics_from_hand_weighted_sums()
    {
        // target 1 2 4, prediction 2 2 2, weight 1 2 1: error 1 0 −2, total weight 4
        var m = Metrics.Regression([2f, 2f, 2f], [1f, 2f, 4f], [1, 2, 1]);

        Assert.Equal(Math.Sqrt((1 + 0 + 4) / 4.0), m["rmse"], 12);
        Assert.Equal((1 + 0 + 2) / 4.0, m["mae"], 12);
        // |1/1|·1 + 0·2 + |−2/4|·1 over weight 4
        Assert.Equal(1.5 / 4, m["mape"], 12);
        // Σ w|e| / Σ w|t| = 3 / (1 + 4 + 4)
        Assert.Equal(3.0 / 9, m["wape"], 12);
        // weighted mean 9/4; Σ w (t − 2.25)² = 1.5625 + 2·0.0625 + 3.0625 = 4.75; 1 − 5 / 4.75
        Assert.Equal(1 - 5 / 4.75, m["r2"], 12);
    }

    [Fact]
    public void Metrics_over_rows_that_all_weigh_nothing_are_undefined()
    {
        var binary = Metrics.Binary([0.9f, 0.2f], [1, 0], [0, 0]);
        var regression = Metrics.Regression([1f, 2f], [1f, 3f], [0, 0]);

        Assert.True(double.IsNaN(binary["accuracy"]));
        Assert.True(double.IsNaN(binary["logLoss"]));
        Assert.True(double.IsNaN(regression["rmse"]));
        Assert.True(double.IsNaN(regression["r2"]));
    }

    [Fact]
    public void Weights_that_are_negative_or_of_the_wrong_length_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Metrics.Binary([0.9f, 0.2f], [1, 0], [1, -1]));
        Assert.Throws<ArgumentException>(() => Metrics.Regression([1f, 2f], [1f, 3f], [1]));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Weight_two_is_a_duplicated_row_and_weight_zero_a_removed_one(ulong seed)
    {
        var random = new SplitMix64(seed);
        const int n = 60;
        // Scores on a coarse grid, so ties occur and the auc's tie rule is exercised too.
        var p = Enumerable.Range(0, n).Select(_ => random.NextInt(11) / 10f).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => (float)random.NextInt(2)).ToArray();
        var values = Enumerable.Range(0, n).Select(_ => random.NextInt(50) / 5f - 3).ToArray();
        var w = Enumerable.Range(0, n).Select(_ => (double)random.NextInt(3)).ToArray(); // 0, 1 or 2
        var copies = Enumerable.Range(0, n).SelectMany(i => Enumerable.Repeat(i, (int)w[i])).ToArray();
        var classes = y.Select(v => (long)v).ToArray();
        var probabilities = p.SelectMany(v => new[] { 1 - v, v }).ToArray();

        AssertClose(Metrics.Binary(copies.Select(i => p[i]).ToArray(), copies.Select(i => y[i]).ToArray()), Metrics.Binary(p, y, w));
        AssertClose(
            Metrics.Multiclass(copies.SelectMany(i => new[] { 1 - p[i], p[i] }).ToArray(), copies.Select(i => classes[i]).ToArray(), 2),
            Metrics.Multiclass(probabilities, classes, 2, w));
        AssertClose(Metrics.Regression(copies.Select(i => values[i]).ToArray(), copies.Select(i => y[i] * 4 - 1).ToArray()),
            Metrics.Regression(values, y.Select(v => v * 4 - 1).ToArray(), w));
    }

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    public void Unit_weights_and_no_weights_give_bit_identical_numbers_to_the_metrics_before_weights(ulong seed)
    {
        var random = new SplitMix64(seed);
        const int n = 257;
        var p = Enumerable.Range(0, n).Select(_ => random.NextInt(21) / 20f).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => (float)random.NextInt(2)).ToArray();
        var targets = Enumerable.Range(0, n).Select(_ => random.NextInt(9) - 2f).ToArray(); // zeros included, for mape
        var predictions = Enumerable.Range(0, n).Select(_ => (float)(random.NextInt(1000) / 37.0 - 10)).ToArray();
        var classes = Enumerable.Range(0, n).Select(_ => (long)random.NextInt(4)).ToArray();
        var probabilities = Enumerable.Range(0, n * 4).Select(_ => random.NextInt(100) / 100f).ToArray();
        var ones = Enumerable.Repeat(1.0, n).ToArray();

        AssertBitIdentical(UnweightedMetricsReference.Binary(p, y), Metrics.Binary(p, y));
        AssertBitIdentical(UnweightedMetricsReference.Binary(p, y), Metrics.Binary(p, y, ones));
        AssertBitIdentical(UnweightedMetricsReference.Multiclass(probabilities, classes, 4), Metrics.Multiclass(probabilities, classes, 4));
        AssertBitIdentical(UnweightedMetricsReference.Multiclass(probabilities, classes, 4), Metrics.Multiclass(probabilities, classes, 4, ones));
        AssertBitIdentical(UnweightedMetricsReference.Regression(predictions, targets), Metrics.Regression(predictions, targets));
        AssertBitIdentical(UnweightedMetricsReference.Regression(predictions, targets), Metrics.Regression(predictions, targets, ones));
    }

    private static void AssertClose(IReadOnlyDictionary<string, double> expected, IReadOnlyDictionary<string, double> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, value) in expected) Assert.True(Math.Abs(value - actual[name]) <= 1e-12 * Math.Max(1, Math.Abs(value)), $"{name}: {value} vs {actual[name]}");
    }

    private static void AssertBitIdentical(IReadOnlyDictionary<string, double> expected, IReadOnlyDictionary<string, double> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, value) in expected)
            Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(actual[name]), $"{name}: {value:R} vs {actual[name]:R}");
    }
}
