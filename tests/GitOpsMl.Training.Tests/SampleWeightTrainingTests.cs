using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Splitting;
using GitOpsMl.Training.Tests.Support;
using Xunit.Abstractions;

namespace GitOpsMl.Training.Tests;

/// <summary>
/// Training with sample weights: a row of weight 2 is the row twice, weight 0 is the row left out, and weighting pulls
/// the fit towards the heavy rows. Each batch's loss is a weighted mean, so with one full batch a weighted run and the
/// run on the correspondingly duplicated rows see the same loss and gradient at every step.
/// </summary>
public class SampleWeightTrainingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(PredictionTask.Binary, "linear", ClassWeighting.None)]
    [InlineData(PredictionTask.Binary, "mlp-relu", ClassWeighting.Balanced)]
    [InlineData(PredictionTask.Multiclass, "mlp-tanh", ClassWeighting.None)]
    [InlineData(PredictionTask.Multiclass, "linear", ClassWeighting.Balanced)]
    [InlineData(PredictionTask.Regression, "mlp-relu", ClassWeighting.None)]
    public void Weight_two_trains_like_a_duplicated_row_and_weight_zero_like_a_removed_one(PredictionTask task, string algorithm, ClassWeighting classWeights)
    {
        var data = TrainedCases.Data(task, 150, 31);
        var random = new SplitMix64(32);
        var weights = Enumerable.Range(0, data.Rows).Select(_ => (double)random.NextInt(3)).ToArray(); // 0, 1 or 2
        var copies = Enumerable.Range(0, data.Rows).SelectMany(i => Enumerable.Repeat(i, (int)weights[i])).ToArray();
        var options = FullBatch(algorithm, epochs: 25);
        options = options with { Hyperparameters = options.Hyperparameters! with { ClassWeights = classWeights } };

        var weighted = new Trainer(options).Train(data.WithWeights(weights));
        var duplicated = new Trainer(options).Train(Rows(data, copies));
        using var a = weighted.Network;
        using var b = duplicated.Network;

        var lossGap = weighted.History.Zip(duplicated.History).Max(p => Math.Abs(p.First.TrainLoss - p.Second.TrainLoss));
        var predictionGap = Gap(Predictor.Predict(a, data), Predictor.Predict(b, data));
        output.WriteLine($"largest training-loss gap {lossGap:E2}, prediction gap {predictionGap:E2}");
        Assert.True(weighted.History[^1].TrainLoss < weighted.History[0].TrainLoss, "the weighted run did not learn");
        Assert.True(lossGap < 1e-6, $"loss gap {lossGap:E2}");
        Assert.True(predictionGap < 1e-4, $"prediction gap {predictionGap:E2}");
    }

    [Fact]
    public void Unit_weights_train_to_the_same_loss_as_no_weights()
    {
        var data = TrainedCases.Data(PredictionTask.Multiclass, 150, 41);
        var options = FullBatch("mlp-relu", epochs: 20);

        var unit = new Trainer(options).Train(data.WithWeights(Enumerable.Repeat(1.0, data.Rows).ToArray()));
        var plain = new Trainer(options).Train(data);
        unit.Network.Dispose();
        plain.Network.Dispose();

        var gap = unit.History.Zip(plain.History).Max(p => Math.Abs(p.First.TrainLoss - p.Second.TrainLoss));
        Assert.True(gap < 1e-6, $"loss gap {gap:E2}");
    }

    [Fact]
    public void Heavier_rows_pull_a_regression_towards_their_targets()
    {
        // One constant feature: the best prediction is the (weighted) mean target. Half the rows say 0, half say 10;
        // weighing the 10s three times moves the answer from 5 to 7.5.
        const int rows = 200;
        var x = Enumerable.Repeat(1f, rows).ToArray();
        var y = Enumerable.Range(0, rows).Select(i => i % 2 == 0 ? 0f : 10f).ToArray();
        var data = TrainingData.Regression(x, 1, y);
        var weights = y.Select(t => t == 10f ? 3.0 : 1.0).ToArray();
        var options = FullBatch("linear", epochs: 300) with
        {
            Hyperparameters = new HyperparametersSpec { Epochs = 300, BatchSize = rows, LearningRate = 0.05, Seed = 7, Threads = 1 },
        };

        double MeanPrediction(TrainingData d)
        {
            using var network = new Trainer(options).Train(d).Network;
            return Predictor.Predict(network, d).Values!.Average(v => (double)v);
        }

        var (plain, weighted) = (MeanPrediction(data), MeanPrediction(data.WithWeights(weights)));
        output.WriteLine($"mean prediction: unweighted {plain:F3}, weighted {weighted:F3}");
        Assert.Equal(5, plain, 0.05);
        Assert.Equal(7.5, weighted, 0.05);
    }

    [Fact]
    public void Heavier_positives_raise_the_predicted_probability_and_the_weighted_metrics_follow()
    {
        // Features that say nothing about the label, half positive: unweighted the model predicts about 0.5; with the
        // positives weighing 4 the weighted share of positives is 0.8, and so is the prediction.
        var x = Synthetic.Features(400, 3, 51);
        var y = Enumerable.Range(0, 400).Select(i => (float)(i % 2)).ToArray();
        var data = TrainingData.Binary(x, 3, y);
        var weighted = data.WithWeights(y.Select(v => v == 1f ? 4.0 : 1.0).ToArray());
        var options = FullBatch("linear", epochs: 200) with
        {
            Hyperparameters = new HyperparametersSpec { Epochs = 200, BatchSize = 400, LearningRate = 0.05, Seed = 7, Threads = 1 },
        };

        using var network = new Trainer(options).Train(weighted).Network;
        var prediction = Predictor.Predict(network, data);
        var mean = prediction.PositiveProbabilities().ToArray().Average(p => (double)p);

        output.WriteLine($"mean predicted probability {mean:F3}");
        Assert.Equal(0.8, mean, 0.05);
        // Every row is called positive: the weighted accuracy is the positives' weight share, the unweighted one a half.
        Assert.Equal(0.8, Metrics.Evaluate(weighted, prediction)["accuracy"], 0.01);
        Assert.Equal(0.5, Metrics.Evaluate(data, prediction)["accuracy"], 0.01);
    }

    [Fact]
    public void Early_stopping_watches_the_weighted_validation_metric()
    {
        var train = Synthetic.Binary(300, 61);
        var validation = Synthetic.Binary(200, 62);
        var random = new SplitMix64(63);
        var weightedValidation = validation.WithWeights(Enumerable.Range(0, 200).Select(_ => random.NextInt(4) + 0.5).ToArray());
        var options = TrainedCases.Options("linear", epochs: 3) with { EarlyStopping = new EarlyStoppingSpec { Metric = "logLoss", Patience = 5 } };

        var result = new Trainer(options).Train(train, weightedValidation);
        using var network = result.Network;

        // The value recorded for the last epoch is the weighted logLoss of the final weights (no restore: it kept improving).
        var expected = Metrics.Evaluate(weightedValidation, Predictor.Predict(network, validation))["logLoss"];
        Assert.Equal(3, result.BestEpoch);
        Assert.Equal(expected, result.History[^1].ValidationValue!.Value, 9);
        Assert.NotEqual(Metrics.Evaluate(validation, Predictor.Predict(network, validation))["logLoss"], expected, 6);
    }

    [Fact]
    public void A_training_or_validation_split_whose_rows_all_weigh_nothing_is_refused()
    {
        var data = Synthetic.Binary(50, 71);
        var zero = data.WithWeights(new double[50]);
        var trainer = new Trainer(TrainedCases.Options("linear", epochs: 1));

        var e1 = Assert.Throws<GitOpsMlFailure>(() => trainer.Train(zero));
        var e2 = Assert.Throws<GitOpsMlFailure>(() => trainer.Train(data, zero));

        Assert.Equal((FailureKind.InvalidData, nameof(DataRefusalReason.ZeroWeights)), (e1.Kind, e1.Reason));
        Assert.Contains("training split has weight 0", e1.Message);
        Assert.Equal((FailureKind.InvalidData, nameof(DataRefusalReason.ZeroWeights)), (e2.Kind, e2.Reason));
        Assert.Contains("validation split has weight 0", e2.Message);
    }

    [Fact]
    public void Weights_must_be_finite_non_negative_and_one_per_row()
    {
        var data = Synthetic.Binary(3, 81);

        Assert.Throws<ArgumentException>(() => data.WithWeights([1, -1, 1]));
        Assert.Throws<ArgumentException>(() => data.WithWeights([1, double.NaN, 1]));
        Assert.Throws<ArgumentException>(() => data.WithWeights([1, double.PositiveInfinity, 1]));
        Assert.Throws<ArgumentException>(() => data.WithWeights([1, 1]));
    }

    [Fact]
    public void Weighted_runs_are_deterministic()
    {
        var data = Synthetic.Regression(300, 91);
        var random = new SplitMix64(92);
        var weighted = data.WithWeights(Enumerable.Range(0, 300).Select(_ => random.NextDouble() * 3).ToArray());
        var options = TrainedCases.Options("mlp-batchNorm-dropout", epochs: 3);

        byte[] Onnx()
        {
            using var network = new Trainer(options).Train(weighted).Network;
            return NetworkExporter.NetworkOnly(network).ToBytes();
        }

        Assert.Equal(Onnx(), Onnx());
    }

    /// <summary>One batch holding every row (and its duplicates), Adam, one thread.</summary>
    private static TrainingOptions FullBatch(string algorithm, int epochs) => TrainedCases.Options(algorithm, epochs: epochs) with
    {
        Hyperparameters = new HyperparametersSpec { Epochs = epochs, BatchSize = 4096, LearningRate = 0.01, Seed = 7, Threads = 1 },
    };

    /// <summary>The data's rows at <paramref name="rows"/>, repeats included, unweighted.</summary>
    private static TrainingData Rows(TrainingData data, int[] rows)
    {
        var width = data.Width;
        var all = new float[data.Rows * width];
        data.Features.WriteRows(0, data.Rows, all);
        var x = rows.SelectMany(r => all.Skip(r * width).Take(width)).ToArray();
        return data.Task switch
        {
            PredictionTask.Binary => TrainingData.Binary(x, width, rows.Select(r => data.Targets![r]).ToArray()),
            PredictionTask.Multiclass => TrainingData.Multiclass(x, width, rows.Select(r => data.ClassIndices![r]).ToArray(), data.Classes),
            _ => TrainingData.Regression(x, width, rows.Select(r => data.Targets![r]).ToArray()),
        };
    }

    private static double Gap(Prediction a, Prediction b)
    {
        var (x, y) = (a.Values ?? a.Probabilities!, b.Values ?? b.Probabilities!);
        return x.Zip(y).Max(p => Math.Abs((double)p.First - p.Second));
    }
}
