using GitOpsMl.Api.Kinds;
using GitOpsMl.Training.Tests.Support;

namespace GitOpsMl.Training.Tests;

/// <summary>Every algorithm learns every task: the loss falls and the model beats a no-skill baseline on held-out rows.</summary>
public class LearningTests
{
    public static TheoryData<string, PredictionTask> Cases => Algorithms.EveryAlgorithmAndTask();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_falls_across_epochs(string algorithm, PredictionTask task)
    {
        var history = TrainedCases.Get(algorithm, task).Result.History;

        Assert.Equal(8, history.Count);
        Assert.All(history, h => Assert.True(double.IsFinite(h.TrainLoss)));
        Assert.True(history[^1].TrainLoss < 0.8 * history[0].TrainLoss,
            $"train loss {history[0].TrainLoss:F4} → {history[^1].TrainLoss:F4}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Model_beats_a_constant_predictor_on_validation_rows(string algorithm, PredictionTask task)
    {
        var c = TrainedCases.Get(algorithm, task);
        var metrics = Metrics.Evaluate(c.Validation, Predictor.Predict(c.Result.Network, c.Validation));

        switch (task)
        {
            case PredictionTask.Binary:
                // chance AUC is 0.5; a constant predictor's accuracy is the majority share
                Assert.True(metrics["auc"] > 0.85, $"auc {metrics["auc"]:F3}");
                Assert.True(metrics["accuracy"] > Majority(c.Validation) + 0.15, $"accuracy {metrics["accuracy"]:F3}");
                break;
            case PredictionTask.Multiclass:
                Assert.True(metrics["accuracy"] > Majority(c.Validation) + 0.2, $"accuracy {metrics["accuracy"]:F3}");
                Assert.True(metrics["logLoss"] < Math.Log(3) * 0.8, $"logLoss {metrics["logLoss"]:F3}");
                break;
            default:
                // the mean predictor has r2 0 and rmse = std of the targets
                Assert.True(metrics["r2"] > 0.6, $"r2 {metrics["r2"]:F3}");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validation_metric_is_reported_every_epoch(string algorithm, PredictionTask task)
    {
        var history = TrainedCases.Get(algorithm, task).Result.History;

        Assert.All(history, h =>
        {
            Assert.Equal(TaskMetrics.For(task)[0], h.ValidationMetric);
            Assert.True(h.ValidationValue is { } v && double.IsFinite(v));
            Assert.True(h.SamplesPerSecond > 0);
        });
        Assert.Equal(Enumerable.Range(1, 8), history.Select(h => h.Epoch));
    }

    private static double Majority(TrainingData data) => data.Task == PredictionTask.Binary
        ? Math.Max(data.Targets!.Average(), 1 - data.Targets!.Average())
        : data.ClassIndices!.GroupBy(c => c).Max(g => g.Count()) / (double)data.Rows;
}
