using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Training.Tests.Support;
using Xunit.Abstractions;

namespace GitOpsMl.Training.Tests;

public class TrainerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(PredictionTask.Binary)]
    [InlineData(PredictionTask.Multiclass)]
    [InlineData(PredictionTask.Regression)]
    public void Same_seed_and_one_thread_give_identical_metrics_and_byte_identical_onnx(PredictionTask task)
    {
        // BatchNorm and dropout: the variant that consumes the most random state.
        var train = TrainedCases.Data(task, 600, 11);
        var validation = TrainedCases.Data(task, 300, 12);
        var options = TrainedCases.Options("mlp-batchNorm-dropout", threads: 1, epochs: 4);

        var firstRun = Summary(new Trainer(options), train, validation, out var firstBytes);
        var secondRun = Summary(new Trainer(options), train, validation, out var secondBytes);

        Assert.Equal(firstRun, secondRun);
        Assert.Equal(firstBytes, secondBytes);

        var otherSeed = options with { Hyperparameters = options.Hyperparameters! with { Seed = 8 } };
        Summary(new Trainer(otherSeed), train, validation, out var otherBytes);
        Assert.NotEqual(firstBytes, otherBytes);
    }

    private static string Summary(Trainer trainer, TrainingData train, TrainingData validation, out byte[] onnx)
    {
        var result = trainer.Train(train, validation);
        using var network = result.Network;
        onnx = NetworkExporter.NetworkOnly(network).ToBytes();
        var metrics = Metrics.Evaluate(validation, Predictor.Predict(network, validation));
        // "R" round-trips doubles exactly, so equal strings mean bit-equal values.
        return string.Join(";", result.History.Select(h => $"{h.TrainLoss:R}/{h.ValidationValue:R}"))
               + "|" + string.Join(";", metrics.Select(m => $"{m.Key}={m.Value:R}"));
    }

    [Fact]
    public void A_huge_learning_rate_diverges_with_a_typed_exception_naming_epoch_and_batch()
    {
        var train = Synthetic.Regression(400, 21);
        var options = TrainedCases.Options("mlp-relu") with
        {
            Hyperparameters = new HyperparametersSpec { Epochs = 5, BatchSize = 32, LearningRate = 1e6, Seed = 1, Threads = 1 },
        };
        var epochsReported = new List<int>();
        options = options with { Progress = p => epochsReported.Add(p.Epoch) };

        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(options).Train(train));

        Assert.InRange(e.Epoch, 1, 5);
        Assert.InRange(e.Batch, 1, 13);
        Assert.False(double.IsFinite(e.Loss));
        Assert.Contains($"epoch {e.Epoch}, batch {e.Batch}", e.Message);
        // the diverged epoch is never reported as completed
        Assert.DoesNotContain(e.Epoch, epochsReported);
    }

    [Theory]
    [InlineData(PredictionTask.Binary)]
    [InlineData(PredictionTask.Multiclass)]
    [InlineData(PredictionTask.Regression)]
    public void Infinite_features_diverge_in_the_first_epoch(PredictionTask task)
    {
        var clean = TrainedCases.Data(task, 256, 22);
        var features = clean.Features.ToMatrix().Values;
        features[100 * clean.Width + 3] = float.PositiveInfinity;
        var poisoned = task switch
        {
            PredictionTask.Binary => TrainingData.Binary(features, clean.Width, clean.Targets!),
            PredictionTask.Multiclass => TrainingData.Multiclass(features, clean.Width, clean.ClassIndices!, clean.Classes),
            _ => TrainingData.Regression(features, clean.Width, clean.Targets!),
        };

        var e = Assert.Throws<TrainingDivergedException>(() =>
            new Trainer(TrainedCases.Options("linear", epochs: 2)).Train(poisoned));

        Assert.Equal(1, e.Epoch);
    }

    [Fact]
    public void Early_stopping_restores_the_best_epochs_weights()
    {
        // 40 noisy rows and a wide network: validation error bottoms out early, then overfitting raises it.
        var train = Synthetic.Regression(40, 31, noiseScale: 2f);
        var validation = Synthetic.Regression(500, 32, noiseScale: 2f);
        var options = new TrainingOptions(
            new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [128, 128] } },
            new HyperparametersSpec { Epochs = 60, BatchSize = 8, LearningRate = 0.01, Seed = 3, Threads = 1 },
            new EarlyStoppingSpec { Metric = "rmse", Patience = 1000 },
            Device: "cpu");

        var result = new Trainer(options).Train(train, validation);
        using var network = result.Network;

        var best = result.History.MinBy(h => h.ValidationValue!.Value)!;
        var last = result.History[^1];
        Assert.False(result.StoppedEarly);
        Assert.Equal(60, result.History.Count);
        Assert.Equal(best.Epoch, result.BestEpoch);
        Assert.True(best.Epoch < last.Epoch && best.ValidationValue < last.ValidationValue,
            $"best epoch {best.Epoch} ({best.ValidationValue:F4}) vs last ({last.ValidationValue:F4}): the scenario did not overfit");

        output.WriteLine($"best epoch {best.Epoch}: rmse {best.ValidationValue:F4}; last: {last.ValidationValue:F4}");
        var restored = Metrics.Evaluate(validation, Predictor.Predict(network, validation))["rmse"];
        // Recomputed in one batch instead of the epoch's batches: equal up to float32 summation order.
        Assert.Equal(best.ValidationValue!.Value, restored, 6);
    }

    [Fact]
    public void Early_stopping_ends_the_run_after_patience_epochs_without_improvement()
    {
        var train = Synthetic.Regression(40, 31, noiseScale: 2f);
        var validation = Synthetic.Regression(500, 32, noiseScale: 2f);
        var options = new TrainingOptions(
            new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [128, 128] } },
            new HyperparametersSpec { Epochs = 200, BatchSize = 8, LearningRate = 0.01, Seed = 3, Threads = 1 },
            new EarlyStoppingSpec { Metric = "rmse", Patience = 3 },
            Device: "cpu");

        var result = new Trainer(options).Train(train, validation);
        result.Network.Dispose();

        Assert.True(result.StoppedEarly);
        Assert.Equal(result.BestEpoch + 3, result.History.Count);
        Assert.Equal(result.BestEpoch, result.History[^1].BestEpoch);
    }

    [Fact]
    public void Progress_reports_every_epoch_with_speed_and_eta()
    {
        var reports = new List<EpochProgress>();
        var options = TrainedCases.Options("linear", epochs: 3) with { Progress = reports.Add };

        var result = new Trainer(options).Train(Synthetic.Binary(300, 41));
        result.Network.Dispose();

        Assert.Equal([1, 2, 3], reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.True(r.SamplesPerSecond > 0 && r.Epochs == 3 && r.ValidationValue is null));
        Assert.Equal(TimeSpan.Zero, reports[^1].Eta);
        Assert.Equal(reports, result.History);
    }

    [Fact]
    public void Balanced_class_weights_raise_recall_of_a_rare_class()
    {
        // about 12 % positives, overlapping the negatives (x3 is noise the model cannot see through): unweighted,
        // the model calls a row positive only where positives are the local majority, and misses many
        var x = Synthetic.Features(2000, 4, 51);
        var y = Enumerable.Range(0, 2000).Select(r => x[r * 4] + 0.5f * x[r * 4 + 1] + 0.8f * x[r * 4 + 3] > 1.6f ? 1f : 0f).ToArray();
        for (var r = 0; r < 2000; r++) x[r * 4 + 3] = 0;
        var data = TrainingData.Binary(x, 4, y);
        var plain = TrainedCases.Options("linear", epochs: 3) with
        {
            Hyperparameters = new HyperparametersSpec { Epochs = 10, BatchSize = 64, LearningRate = 0.05, Threads = 1 },
        };
        var balanced = plain with { Hyperparameters = plain.Hyperparameters! with { ClassWeights = ClassWeighting.Balanced } };

        double Recall(TrainingOptions o)
        {
            using var n = new Trainer(o).Train(data).Network;
            return Metrics.Evaluate(data, Predictor.Predict(n, data))["recall"];
        }

        var (withWeights, without) = (Recall(balanced), Recall(plain));
        output.WriteLine($"recall: balanced {withWeights:F3}, none {without:F3}");
        Assert.True(withWeights > without + 0.1, $"recall balanced {withWeights:F3} vs none {without:F3}");
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.Sgd)]
    public void Every_optimizer_trains(OptimizerKind optimizer)
    {
        var data = Synthetic.Binary(600, 61);
        var options = TrainedCases.Options("mlp-relu") with
        {
            Hyperparameters = new HyperparametersSpec
            {
                Epochs = 5, BatchSize = 32, LearningRate = optimizer == OptimizerKind.Sgd ? 0.1 : 0.01, Optimizer = optimizer,
                Momentum = optimizer == OptimizerKind.Sgd ? 0.9 : null, WeightDecay = 1e-4, Threads = 1,
            },
        };

        var result = new Trainer(options).Train(data);
        using var network = result.Network;

        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss);
        Assert.True(Metrics.Evaluate(data, Predictor.Predict(network, data))["auc"] > 0.85);
    }

    [Fact]
    public void Settings_the_trainer_cannot_honour_are_refused()
    {
        var binary = Synthetic.Binary(50, 71);
        var regression = Synthetic.Regression(50, 72);
        var linear = TrainedCases.Options("linear", epochs: 1);

        var metric = Assert.Throws<GitOpsMlFailure>(() =>
            new Trainer(linear with { EarlyStopping = new EarlyStoppingSpec { Metric = "rmse" } }).Train(binary, binary));
        Assert.Equal((FailureKind.InvalidSpec, nameof(SpecRefusal.EarlyStoppingMetric)), (metric.Kind, metric.Reason));
        Assert.Contains("not a Binary metric", metric.Message);
        Assert.Equal(nameof(SpecRefusal.EarlyStoppingNeedsValidation), Assert.Throws<GitOpsMlFailure>(() =>
            new Trainer(linear with { EarlyStopping = new EarlyStoppingSpec { Metric = "auc" } }).Train(binary)).Reason);
        var weights = Assert.Throws<GitOpsMlFailure>(() =>
            new Trainer(linear with { Hyperparameters = new HyperparametersSpec { ClassWeights = ClassWeighting.Balanced } }).Train(regression));
        Assert.Equal((FailureKind.InvalidSpec, nameof(SpecRefusal.ClassWeightsNeedClassification), "spec.hyperparameters.classWeights"),
            (weights.Kind, weights.Reason, weights.Field));
        Assert.Throws<ArgumentException>(() => new Trainer(linear).Train(binary, regression));
    }

    [Fact]
    public void Regression_predictions_are_in_target_units()
    {
        var c = TrainedCases.Get("linear", PredictionTask.Regression);
        var scaling = c.Result.Network.TargetScaling!;
        var predictions = Predictor.Predict(c.Result.Network, c.Validation).Values!;

        // targets centre on ~10.5: standardized outputs would centre on 0
        Assert.InRange(scaling.Mean, 9.5f, 11.5f);
        Assert.InRange(predictions.Average(), 9.5, 11.5);
    }

    [Fact]
    public void Cancellation_stops_between_batches()
    {
        using var cts = new CancellationTokenSource();
        var options = TrainedCases.Options("linear", epochs: 50) with { Progress = _ => cts.Cancel() };

        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(options).Train(Synthetic.Binary(100, 81), null, cts.Token));
    }
}
