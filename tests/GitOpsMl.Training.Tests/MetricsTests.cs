using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training.Tests;

/// <summary>Metrics against values worked out by hand (the arithmetic is in the comments).</summary>
public class MetricsTests
{
    [Fact]
    public void Auc_counts_tied_pairs_as_one_half()
    {
        // positives 0.35, 0.8, 0.4; negatives 0.1, 0.4.
        // pairs (pos > neg): 0.35>0.1 1, 0.35<0.4 0, 0.8>0.1 1, 0.8>0.4 1, 0.4>0.1 1, 0.4=0.4 ½ → 4.5 / 6
        float[] scores = [0.1f, 0.4f, 0.35f, 0.8f, 0.4f];
        float[] labels = [0, 0, 1, 1, 1];
        Assert.Equal(0.75, Metrics.Auc(scores, labels), 12);
    }

    [Fact]
    public void Auc_of_all_tied_scores_is_one_half_and_of_one_class_is_undefined()
    {
        Assert.Equal(0.5, Metrics.Auc([0.3f, 0.3f, 0.3f, 0.3f], [0, 1, 0, 1]), 12);
        Assert.Equal(1.0, Metrics.Auc([0.1f, 0.2f, 0.8f, 0.9f], [0, 0, 1, 1]), 12);
        Assert.Equal(0.0, Metrics.Auc([0.9f, 0.8f, 0.2f, 0.1f], [0, 0, 1, 1]), 12);
        Assert.True(double.IsNaN(Metrics.Auc([0.1f, 0.9f], [1, 1])));
    }

    [Fact]
    public void Binary_metrics_match_the_confusion_matrix_at_threshold_one_half()
    {
        // predicted (p > 0.5): 1 1 0 0 1 0 — 0.5 itself is negative
        // actual:              1 0 1 0 1 0 → TP 2, FP 1, FN 1, TN 2
        float[] p = [0.9f, 0.6f, 0.4f, 0.2f, 0.7f, 0.5f];
        float[] y = [1, 0, 1, 0, 1, 0];

        var m = Metrics.Binary(p, y);

        Assert.Equal(TaskMetrics.For(PredictionTask.Binary), m.Keys);
        Assert.Equal(4.0 / 6, m["accuracy"], 12);
        Assert.Equal(2.0 / 3, m["precision"], 12);
        Assert.Equal(2.0 / 3, m["recall"], 12);
        Assert.Equal(2.0 / 3, m["f1"], 12);
        // positives 0.9, 0.4, 0.7 vs negatives 0.6, 0.2, 0.5: 3 + 1 + 3 of 9 pairs
        Assert.Equal(7.0 / 9, m["auc"], 6);
        // per row −ln p where y = 1, −ln(1 − p) where y = 0:
        // ln .9, ln(1 − .6), ln .4, ln(1 − .2), ln .7, ln(1 − .5) → 3.2109077 / 6
        Assert.Equal(0.53515128, m["logLoss"], 6);
    }

    [Fact]
    public void Binary_precision_and_f1_are_zero_without_predicted_positives()
    {
        var m = Metrics.Binary([0.1f, 0.2f, 0.3f], [1, 0, 1]);

        Assert.Equal(0, m["precision"]);
        Assert.Equal(0, m["recall"]);
        Assert.Equal(0, m["f1"]);
        Assert.Equal(1.0 / 3, m["accuracy"], 12);
    }

    [Fact]
    public void Log_loss_clips_certain_mistakes_instead_of_returning_infinity()
    {
        // −ln(1e−15) = 34.538776...
        Assert.Equal(34.538776, Metrics.BinaryLogLoss([0f], [1]), 5);
        Assert.Equal(34.538776, Metrics.BinaryLogLoss([1f], [0]), 5);
        Assert.Equal(0, Metrics.BinaryLogLoss([1f], [1]), 12);
    }

    [Fact]
    public void Multiclass_metrics_from_hand_counts()
    {
        // row: probabilities        label  arg-max
        float[] p =
        [
            0.7f, 0.2f, 0.1f, //      0      0 ✓
            0.1f, 0.5f, 0.4f, //      2      1 ✗
            0.2f, 0.3f, 0.5f, //      2      2 ✓
            0.3f, 0.4f, 0.3f, //      1      1 ✓
        ];
        long[] y = [0, 2, 2, 1];

        var m = Metrics.Multiclass(p, y, 3);

        Assert.Equal(TaskMetrics.For(PredictionTask.Multiclass), m.Keys);
        Assert.Equal(0.75, m["accuracy"], 12);
        // F1 = 2TP/(predicted + actual): class 0: 2/2 = 1; class 1: 2/(2+1); class 2: 2/(1+2)
        Assert.Equal((1 + 2.0 / 3 + 2.0 / 3) / 3, m["macroF1"], 12);
        // −mean(ln .7, ln .4, ln .5, ln .4)
        Assert.Equal(-(Math.Log(0.7) + Math.Log(0.4) + Math.Log(0.5) + Math.Log(0.4)) / 4, m["logLoss"], 6);
    }

    [Fact]
    public void Macro_f1_ignores_classes_absent_from_labels_and_predictions()
    {
        float[] p = [0.9f, 0.1f, 0f, 0.2f, 0.8f, 0f];
        var withAbsentClass = Metrics.Multiclass(p, [0, 1], 3);
        Assert.Equal(1.0, withAbsentClass["macroF1"], 12);
    }

    [Fact]
    public void Regression_metrics_from_hand_arithmetic()
    {
        // errors ŷ − y: .5, −.5, .5, −1
        float[] predictions = [1.5f, 1.5f, 0.5f, 3f];
        float[] targets = [1f, 2f, 0f, 4f];

        var m = Metrics.Regression(predictions, targets);

        Assert.Equal(TaskMetrics.For(PredictionTask.Regression), m.Keys);
        Assert.Equal(Math.Sqrt(1.75 / 4), m["rmse"], 12); // (.25 + .25 + .25 + 1) / 4
        Assert.Equal(2.5 / 4, m["mae"], 12);
        // the zero target is skipped: (.5/1 + .5/2 + 1/4) / 3
        Assert.Equal(1.0 / 3, m["mape"], 12);
        // wape keeps the zero target's error: (.5 + .5 + .5 + 1) / (1 + 2 + 0 + 4)
        Assert.Equal(2.5 / 7, m["wape"], 12);
        // mean 1.75; SStot = .5625 + .0625 + 3.0625 + 5.0625 = 8.75; SSres = 1.75
        Assert.Equal(0.8, m["r2"], 12);
    }

    [Fact]
    public void Undefined_regression_metrics_are_nan()
    {
        var m = Metrics.Regression([1f, 2f], [0f, 0f]);
        Assert.True(double.IsNaN(m["mape"]));
        Assert.True(double.IsNaN(m["wape"]));
        Assert.True(double.IsNaN(m["r2"]));
    }

    [Fact]
    public void Wape_counts_the_rows_with_a_zero_target_that_mape_skips()
    {
        // Mostly zeros, badly predicted: mape sees only the one perfect row.
        var m = Metrics.Regression([5f, 5f, 5f, 10f], [0f, 0f, 0f, 10f]);

        Assert.Equal(0, m["mape"], 12);
        Assert.Equal(15.0 / 10, m["wape"], 12);
    }

    [Fact]
    public void Every_metric_a_task_produces_is_described_and_mape_admits_skipping_zero_targets()
    {
        foreach (var task in Enum.GetValues<PredictionTask>())
        {
            foreach (var metric in TaskMetrics.For(task))
                Assert.False(string.IsNullOrWhiteSpace(TaskMetrics.Describe(metric)), metric);
        }

        Assert.Contains("target 0 are skipped", TaskMetrics.Describe("mape"));
        Assert.False(TaskMetrics.HigherIsBetter("wape"));
    }
}
