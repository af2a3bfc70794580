using GitOpsMl.Api.Kinds;
using GitOpsMl.Onnx;
using GitOpsMl.Training.Tests.Support;
using Xunit.Abstractions;

namespace GitOpsMl.Training.Tests;

/// <summary>The exported ONNX graph computes what the TorchSharp network computes.</summary>
public class OnnxExportTests(ITestOutputHelper output)
{
    public static TheoryData<string, PredictionTask> Cases => Algorithms.EveryAlgorithmAndTask();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_runtime_matches_torchsharp_within_1e5_on_2000_rows(string algorithm, PredictionTask task)
    {
        var c = TrainedCases.Get(algorithm, task);
        var network = c.Result.Network;
        var rows = TrainedCases.Data(task, 2000, 3);

        var torch = Predictor.Predict(network, rows);
        var graph = NetworkExporter.NetworkOnly(network);
        var name = task == PredictionTask.Regression ? OutputHeadOps.PredictionsOutput : OutputHeadOps.ProbabilitiesOutput;
        var onnx = Ort.Run(graph.ToBytes(), name, rows.Features.ToMatrix().Values, rows.Rows, rows.Width);

        var expected = torch.Probabilities ?? torch.Values!;
        Assert.Equal(expected.Length, onnx.Length);
        var worst = expected.Zip(onnx, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"{algorithm} {task}: max |torch − onnx| = {worst:E2}");
        Assert.True(worst <= 1e-5, $"max |torch − onnx| = {worst:E2}");
    }

    [Fact]
    public void Heads_publish_probabilities_or_predictions_with_the_task_width()
    {
        Assert.Equal(2, OutputWidth(TrainedCases.Get("linear", PredictionTask.Binary), OutputHeadOps.ProbabilitiesOutput));
        Assert.Equal(3, OutputWidth(TrainedCases.Get("linear", PredictionTask.Multiclass), OutputHeadOps.ProbabilitiesOutput));
        Assert.Equal(1, OutputWidth(TrainedCases.Get("linear", PredictionTask.Regression), OutputHeadOps.PredictionsOutput));
    }

    [Fact]
    public void Batch_norm_is_exported_with_running_statistics_and_dropout_is_omitted()
    {
        var model = NetworkExporter.NetworkOnly(TrainedCases.Get("mlp-batchNorm-dropout", PredictionTask.Binary).Result.Network).Build();
        var ops = model.Graph.Node.Select(n => n.OpType).ToList();

        Assert.Equal(2, ops.Count(o => o == "BatchNormalization"));
        Assert.Equal(3, ops.Count(o => o == "Gemm"));
        Assert.DoesNotContain("Dropout", ops);
        // running statistics are not the initial 0 / 1: the exported graph uses what training accumulated
        var mean = model.Graph.Initializer.First(i => i.Name.StartsWith("bn_mean", StringComparison.Ordinal));
        Assert.Contains(mean.FloatData, v => v != 0f);
    }

    [Fact]
    public void Network_appends_after_an_existing_feature_value()
    {
        var network = TrainedCases.Get("mlp-tanh", PredictionTask.Regression).Result.Network;
        var graph = new OnnxGraphBuilder();
        var raw = graph.AddInput("raw", TensorElementType.Float, network.InputWidth);
        var features = graph.AddNode("Identity", [raw]);

        Assert.Equal(OutputHeadOps.PredictionsOutput, NetworkExporter.Append(graph, features, network));
        Assert.Throws<ArgumentException>(() => NetworkExporter.Append(new OnnxGraphBuilder(), "missing", network));
    }

    private static long OutputWidth(TrainedCase c, string name)
    {
        var output = NetworkExporter.NetworkOnly(c.Result.Network).Build().Graph.Output.Single();
        Assert.Equal(name, output.Name);
        return output.Type.TensorType.Shape.Dim[1].DimValue;
    }
}
