using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Labels;
using GitOpsMl.Data.Tables;
using GitOpsMl.Training.Export;
using GitOpsMl.Training.Pipeline;

namespace GitOpsMl.Training.Tests.Export;

/// <summary>
/// The served graph (raw columns → transforms → network) and the training pipeline (C# transforms
/// → TorchSharp) agree on every algorithm × task, on rows with missing values, out-of-range values,
/// unseen and empty categories — the rows a server meets that training never saw.
/// </summary>
public class EndToEndParityTests
{
    public static TheoryData<string, PredictionTask> Cases()
    {
        var data = new TheoryData<string, PredictionTask>();
        foreach (var algorithm in new[] { "linear", "mlp-relu", "mlp-tanh-batchnorm", "mlp-gelu-dropout", "mlp-leakyRelu" })
        {
            foreach (var task in Enum.GetValues<PredictionTask>())
                data.Add(algorithm, task);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_runtime_reproduces_the_torchsharp_pipeline_on_hostile_rows(string algorithm, PredictionTask task)
    {
        var schema = Schema(task);
        var features = FeatureSet(task);
        var train = Rows(1200, seed: 11, hostile: false, task);
        var pipeline = FeaturePipelineFitter.Fit(features, schema, train);
        var labels = LabelEncoderFitter.Fit(features.Label, schema, train);
        var split = LabeledSplit.Create(train, pipeline, labels);
        var options = new TrainingOptions(Algorithm(algorithm), new HyperparametersSpec { Epochs = 3, BatchSize = 64, Seed = 5, Threads = 1 }, Device: "cpu");
        using var network = new Trainer(options).Train(split.Data!).Network;

        var hostile = Rows(1000, seed: 12, hostile: true, task);
        var torch = Predictor.Predict(network, pipeline.Transform(hostile).Values);
        var model = ModelExporter.Export("parity", pipeline, network, labels);
        // Every network starts with a dense layer, so the transforms are folded into it: no feature matrix is built.
        Assert.DoesNotContain(GitOpsMl.Onnx.Proto.ModelProto.Parser.ParseFrom(model).Graph.Node, n => n.OpType == "Transpose");
        using var runner = new OnnxTableRunner(model);
        var (onnx, width) = runner.Run(hostile);

        var expected = task == PredictionTask.Regression ? torch.Values! : torch.Probabilities!;
        Assert.Equal(expected.Length, onnx.Length);
        Assert.Equal(task == PredictionTask.Regression ? 1 : labels.ClassCount, width);
        for (var i = 0; i < onnx.Length; i++)
        {
            Assert.False(float.IsNaN(onnx[i]), $"row {i / width}: NaN from ONNX Runtime");
            var tolerance = 1e-5 * (task == PredictionTask.Regression ? Math.Max(1, Math.Abs(expected[i])) : 1);
            Assert.True(Math.Abs(onnx[i] - expected[i]) <= tolerance, $"row {i / width}: TorchSharp {expected[i]} vs ONNX Runtime {onnx[i]}");
        }
        // TorchSharp on compact features, expanded per batch, gives the dense matrix's predictions bit for bit.
        var compact = Predictor.Predict(network, pipeline.Encode(hostile));
        Assert.Equal(expected, task == PredictionTask.Regression ? compact.Values! : compact.Probabilities!);
        // ONNX Runtime in runs of 97 rows: a row's kernel path depends on where it falls in a run (float32 rounding
        // only), so batched output stays within parity tolerance, not bit-equal.
        var batched = runner.Run(hostile, batchSize: 97).Values;
        for (var i = 0; i < onnx.Length; i++)
            Assert.True(Math.Abs(onnx[i] - batched[i]) <= 1e-6 * Math.Max(1, Math.Abs(onnx[i])), $"row {i / width}: whole {onnx[i]} vs batched {batched[i]}");
    }

    private static AlgorithmSpec Algorithm(string name) => name switch
    {
        "linear" => new AlgorithmSpec { Linear = new LinearSpec() },
        "mlp-relu" => new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [16, 8] } },
        "mlp-tanh-batchnorm" => new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [16], Activation = Activation.Tanh, BatchNorm = true } },
        "mlp-gelu-dropout" => new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [16], Activation = Activation.Gelu, Dropout = 0.2 } },
        _ => new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [12], Activation = Activation.LeakyRelu } },
    };

    private static DatasetSpec Schema(PredictionTask task) => new()
    {
        Source = new DatasetSource { Path = "d.csv" },
        Schema =
        [
            new ColumnSpec { Name = "tenure", Type = ColumnType.Float },
            new ColumnSpec { Name = "calls", Type = ColumnType.Int },
            new ColumnSpec { Name = "plan", Type = ColumnType.Category },
            new ColumnSpec { Name = "city", Type = ColumnType.String },
            new ColumnSpec
            {
                Name = "y", Role = ColumnRole.Label,
                Type = task switch { PredictionTask.Binary => ColumnType.Bool, PredictionTask.Multiclass => ColumnType.Category, _ => ColumnType.Float },
            },
        ],
    };

    private static FeatureSetSpec FeatureSet(PredictionTask task) => new()
    {
        DatasetRef = new() { Name = "d" },
        Label = new LabelSpec { Column = "y", Task = task },
        Features =
        [
            new FeatureSpec { Column = "tenure", Transforms = [new() { Type = TransformType.Impute, Strategy = ImputeStrategy.Median, Indicator = true }, new() { Type = TransformType.Log1p }, new() { Type = TransformType.Standardize }] },
            new FeatureSpec { Column = "calls", Transforms = [new() { Type = TransformType.Clip, Min = 0, Max = 20 }, new() { Type = TransformType.MinMax }] },
            new FeatureSpec { Column = "plan", Transforms = [new() { Type = TransformType.OneHot, Unknown = UnknownCategory.Other }] },
            new FeatureSpec { Column = "city", Transforms = [new() { Type = TransformType.HashBucket, Buckets = 5 }] },
        ],
    };

    private static Table Rows(int n, int seed, bool hostile, PredictionTask task)
    {
        var rng = new Random(seed);
        string[] plans = ["basic", "plus", "pro"], cities = ["paris", "lyon", "nice", "metz"];
        var tenure = new double[n]; var calls = new double[n];
        var plan = new string?[n]; var city = new string?[n];
        var yNumeric = new double[n]; var yClass = new string?[n];
        for (var i = 0; i < n; i++)
        {
            tenure[i] = rng.Next(15) == 0 ? double.NaN : rng.NextDouble() * 60;
            calls[i] = rng.Next(0, 12);
            plan[i] = plans[rng.Next(3)];
            city[i] = cities[rng.Next(4)];
            if (hostile)
            {
                switch (rng.Next(6))
                {
                    case 0: tenure[i] = rng.NextDouble() * 1e6; break;           // far out of range
                    case 1: tenure[i] = -rng.NextDouble() * 100; break;           // negative, below the schema's min
                    case 2: calls[i] = 500 + rng.Next(1000); break;               // clipped
                    case 3: plan[i] = rng.Next(2) == 0 ? "enterprise" : ""; break; // unseen / missing
                    case 4: city[i] = rng.Next(2) == 0 ? "toulouse" : null; break;
                }
            }
            var score = 0.05 * (double.IsNaN(tenure[i]) ? 30 : Math.Clamp(tenure[i], 0, 60)) - 0.3 * calls[i] + (plan[i] == "pro" ? 1.5 : 0);
            yNumeric[i] = task == PredictionTask.Binary ? (score + rng.NextDouble() * 2 > 0 ? 1 : 0) : 10 * score + rng.NextDouble();
            yClass[i] = score < -1 ? "low" : score < 0.5 ? "mid" : "high";
        }
        TableColumn label = task switch
        {
            PredictionTask.Binary => new NumericColumn("y", ColumnType.Bool, yNumeric),
            PredictionTask.Multiclass => new StringColumn("y", ColumnType.Category, yClass),
            _ => new NumericColumn("y", ColumnType.Float, yNumeric),
        };
        return Table.Of(
            new NumericColumn("tenure", ColumnType.Float, tenure), new NumericColumn("calls", ColumnType.Int, calls),
            new StringColumn("plan", ColumnType.Category, plan), new StringColumn("city", ColumnType.String, city), label);
    }
}
