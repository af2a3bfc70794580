using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Tables;
using GitOpsMl.Training.Tests.Support;

namespace GitOpsMl.Training.Tests;

/// <summary>
/// Training on compact features (one-hot blocks kept as indices, expanded a mini-batch at a time) is training on the
/// dense matrix: same losses, metrics, predictions and network bytes, bit for bit.
/// </summary>
public class CompactFeaturesTests
{
    private static readonly DatasetSpec Schema = new()
    {
        Source = new DatasetSource { Path = "d.csv" },
        Schema =
        [
            new ColumnSpec { Name = "x", Type = ColumnType.Float },
            new ColumnSpec { Name = "origin", Type = ColumnType.Category },
            new ColumnSpec { Name = "dest", Type = ColumnType.Category },
            new ColumnSpec { Name = "y", Type = ColumnType.Bool, Role = ColumnRole.Label },
        ],
    };

    private static FeatureSetSpec Features(bool withNumeric) => new()
    {
        DatasetRef = new() { Name = "d" },
        Label = new LabelSpec { Column = "y", Task = PredictionTask.Binary },
        Features =
        [
            .. withNumeric ? [new FeatureSpec { Column = "x", Transforms = [new() { Type = TransformType.Standardize }] }] : Array.Empty<FeatureSpec>(),
            // Implicit oneHot(ignore): unseen and missing values give an all-zero block.
            new FeatureSpec { Column = "origin" },
            withNumeric
                ? new FeatureSpec { Column = "dest", Transforms = [new() { Type = TransformType.Impute, Strategy = ImputeStrategy.MostFrequent, Indicator = true }, new() { Type = TransformType.OneHot, Unknown = UnknownCategory.Other, MaxCategories = 20 }] }
                : new FeatureSpec { Column = "dest", Transforms = [new() { Type = TransformType.OneHot, MaxCategories = 20 }] },
        ],
    };

    /// <summary>Seeded rows; origins beyond the training vocabulary appear when <paramref name="origins"/> is larger than in training.</summary>
    private static (Table Table, float[] Labels) Rows(int n, int seed, int origins)
    {
        var rng = new Random(seed);
        var x = new double[n];
        var origin = new string?[n];
        var dest = new string?[n];
        var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble() * 10 - 5;
            var o = rng.Next(origins);
            origin[i] = rng.Next(20) == 0 ? null : $"o{o}";
            var d = rng.Next(30);
            dest[i] = rng.Next(15) == 0 ? "" : $"d{d}";
            y[i] = x[i] * 0.3 + (o % 3) - (d % 4) * 0.5 + rng.NextDouble() > 0.5 ? 1f : 0f;
        }
        return (Table.Of(new NumericColumn("x", ColumnType.Float, x), new StringColumn("origin", origin), new StringColumn("dest", dest)), y);
    }

    private static string Summary(TrainingData train, TrainingData validation, out byte[] onnx, out float[] probabilities)
    {
        var options = TrainedCases.Options("mlp-relu", epochs: 3);
        var result = new Trainer(options).Train(train, validation);
        using var network = result.Network;
        onnx = NetworkExporter.NetworkOnly(network).ToBytes();
        var prediction = Predictor.Predict(network, validation);
        probabilities = prediction.Probabilities!;
        return string.Join(";", result.History.Select(h => $"{h.TrainLoss:R}/{h.ValidationValue:R}"))
               + "|" + string.Join(";", Metrics.Evaluate(validation, prediction).Select(m => $"{m.Key}={m.Value:R}"));
    }

    /// <param name="withNumeric">False: one-hot blocks only, no dense column at all (the expansion's other path).</param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Compact_features_train_bit_identically_to_the_dense_matrix(bool withNumeric)
    {
        var (trainTable, trainLabels) = Rows(1500, 1, origins: 40);
        var (validationTable, validationLabels) = Rows(400, 2, origins: 50);
        var pipeline = FeaturePipelineFitter.Fit(Features(withNumeric), Schema, trainTable);

        TrainingData Dense(Table t, float[] labels) { var m = pipeline.Transform(t); return TrainingData.Binary(m.Values, m.Width, labels); }
        TrainingData Compact(Table t, float[] labels) => TrainingData.Binary(pipeline.Encode(t), labels);

        var compactTrain = Compact(trainTable, trainLabels);
        Assert.False(compactTrain.Features.IsDenseMatrix);
        Assert.Equal(2, compactTrain.Features.HotBlocks);
        Assert.Equal(withNumeric ? 2 : 0, compactTrain.Features.DenseColumns.Length);
        var dense = Summary(Dense(trainTable, trainLabels), Dense(validationTable, validationLabels), out var denseBytes, out var denseProbabilities);
        var compact = Summary(compactTrain, Compact(validationTable, validationLabels), out var compactBytes, out var compactProbabilities);

        Assert.Equal(dense, compact);
        Assert.Equal(denseProbabilities, compactProbabilities);
        Assert.Equal(denseBytes, compactBytes);
    }
}
