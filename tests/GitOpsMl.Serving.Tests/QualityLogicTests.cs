using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Quality;
using GitOpsMl.Serving.Shadow;

namespace GitOpsMl.Serving.Tests;

public class QualityLogicTests
{
    private static LabeledSample Binary(double p, int label) =>
        new(0, p, label, p >= 0.5 ? 1 : 0, label == 1 ? p : 1 - p);

    [Fact]
    public void Auc_accuracy_and_log_loss_of_a_known_binary_sample()
    {
        LabeledSample[] samples = [Binary(0.9, 1), Binary(0.8, 0), Binary(0.7, 1), Binary(0.1, 0)];
        var q = QualityMetrics.Compute(ModelTask.Binary, samples);
        // Positive scores {0.9, 0.7}, negative {0.8, 0.1}: 3 of 4 pairs ordered right.
        Assert.Equal(0.75, q.Auc!.Value, 12);
        Assert.Equal(0.75, q.Accuracy!.Value, 12);
        var expectedLogLoss = -(Math.Log(0.9) + Math.Log(0.2) + Math.Log(0.7) + Math.Log(0.9)) / 4;
        Assert.Equal(expectedLogLoss, q.LogLoss!.Value, 12);
        Assert.Equal(4, q.Labeled);
    }

    [Fact]
    public void Auc_counts_ties_as_half_and_is_absent_with_one_class()
    {
        Assert.Equal(0.5, QualityMetrics.Auc([Binary(0.5, 1), Binary(0.5, 0)])!.Value, 12);
        Assert.Null(QualityMetrics.Auc([Binary(0.5, 1), Binary(0.7, 1)]));
    }

    [Fact]
    public void Regression_rmse_and_mae()
    {
        var q = QualityMetrics.Compute(ModelTask.Regression, [new(0, 3, 1, 0, 0), new(0, 1, 1, 0, 0)]);
        Assert.Equal(Math.Sqrt(2), q.Rmse!.Value, 12);
        Assert.Equal(1, q.Mae!.Value, 12);
        Assert.Null(q.Accuracy);
    }

    [Fact]
    public void The_quality_window_is_a_bounded_ring_that_forgets_old_samples()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1000));
        var window = new QualityWindow(ModelTask.Binary, capacity: 3, TimeSpan.FromMinutes(1), clock);
        for (var i = 0; i < 5; i++) window.Add(Binary(0.9, 1) with { AtTicks = clock.GetUtcNow().UtcTicks });
        Assert.Equal(3, window.Snapshot().Labeled);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, window.Snapshot().Labeled);
    }

    [Fact]
    public void The_prediction_store_keeps_at_most_its_capacity_oldest_out_first()
    {
        var store = new PredictionStore(capacityRows: 10, valuesPerRow: 2);
        for (var i = 0; i < 8; i++) store.Add($"r{i}", "v", [i, i, i, i], rows: 2, width: 2);
        Assert.Equal(5, store.Count);
        Assert.Null(store.Find("r2"));
        Assert.Equal([3f, 3f, 3f, 3f], store.Find("r3")!.Values);
        Assert.Equal([7f, 7f], store.Find("r7")!.Row(1).ToArray());
        for (var i = 0; i < 1000; i++) store.Add("same", "v", [i, -i], 1, 2);
        Assert.True(store.Count <= 10);
        Assert.Equal([999f, -999f], store.Find("same")!.Values);
        var entry = store.Find("same")!;
        Assert.True(store.TryClaimRow(entry, 0));
        Assert.False(store.TryClaimRow(entry, 0));
        store.Add("other", "v", [1, 2, 3, 4, 5, 6], 3, 2);
        for (var i = 0; i < 30; i++) store.Add($"x{i}", "v", [1, 2], 1, 2);
        Assert.False(store.TryClaimRow(entry, 0));
    }

    [Fact]
    public void The_prediction_store_returns_exactly_what_was_stored_across_many_wraps()
    {
        var store = new PredictionStore(capacityRows: 50, valuesPerRow: 2);
        var random = new Random(4);
        var live = new Dictionary<string, float[]>();
        for (var i = 0; i < 5000; i++)
        {
            var rows = random.Next(1, 7);
            var values = Enumerable.Range(0, rows * 2).Select(_ => (float)random.NextDouble()).ToArray();
            store.Add($"id{i}", "v", values, rows, 2);
            live[$"id{i}"] = values;
            var probe = $"id{Math.Max(0, i - random.Next(0, 40))}";
            if (store.Find(probe) is { } found) Assert.Equal(live[probe], found.Values);
        }
        for (var i = 4990; i < 5000; i++) Assert.Equal(live[$"id{i}"], store.Find($"id{i}")!.Values);
        Assert.InRange(store.Count, 1, 50);
    }

    [Fact]
    public void Shadow_agreement_compares_argmax_for_classifiers_and_tolerance_for_regression()
    {
        Assert.Equal(1, ShadowAgreement.CountAgreeing(ModelTask.Binary, [0.2f, 0.8f, 0.6f, 0.4f], [0.4f, 0.6f, 0.4f, 0.6f], 2, 1e-3));
        Assert.True(ShadowAgreement.RowAgrees(ModelTask.Regression, [1000f], [1000.5f], 1e-3));
        Assert.False(ShadowAgreement.RowAgrees(ModelTask.Regression, [1f], [1.01f], 1e-3));
        Assert.True(ShadowAgreement.RowAgrees(ModelTask.Regression, [float.NaN], [float.NaN], 1e-3));
    }
}

/// <summary>validate accepts a Monitor quality metric only if the server computes it: the two lists must agree.</summary>
public sealed class LiveQualityVocabularyTests
{
    [Fact]
    public void Every_metric_the_server_computes_from_feedback_is_one_validate_accepts_and_the_reverse()
    {
        var computed = new GitOpsMl.Serving.Quality.QualityStats { Accuracy = 1, Auc = 1, LogLoss = 1, Rmse = 1, Mae = 1 }.Values().Select(v => v.Metric).Order();
        var accepted = Enum.GetValues<GitOpsMl.Api.Kinds.PredictionTask>().SelectMany(GitOpsMl.Api.Kinds.TaskMetrics.Live).Distinct().Order();
        Assert.Equal(accepted, computed);
    }
}
