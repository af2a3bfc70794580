using GitOpsMl.Api.Kinds;
using GitOpsMl.Onnx;
using GitOpsMl.Training.Export;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GitOpsMl.Training;

/// <summary>
/// Writes a <see cref="TrainedNetwork"/> into an ONNX graph, after whatever produced its float [N, width] input
/// (the fitted feature transforms, in the full model), so one graph serves raw rows end to end.
/// </summary>
/// <remarks>
/// Layer by layer from the module's weights: Linear → Gemm (torch's [out, in] weight as is, transB), BatchNorm1d →
/// BatchNormalization with the running statistics (inference mode), activations → their ONNX ops, Dropout →
/// nothing (identity at inference). Head: binary → Sigmoid, [1 - p, p] as "probabilities" [N, 2]; multiclass →
/// Softmax as "probabilities" [N, C]; regression → z · std + mean as "predictions" [N, 1]. Same network, same
/// calls, so byte-identical output for identical weights. A layer type it does not know is refused, never skipped.
/// </remarks>
public static class NetworkExporter
{
    /// <summary>Input name of the network-only graph from <see cref="NetworkOnly"/>.</summary>
    public const string FeaturesInput = "features";

    /// <summary>
    /// Appends the network reading <paramref name="features"/> (float [N, network.InputWidth]) and publishes its
    /// output ("probabilities" or "predictions"). Returns the published output's name.
    /// </summary>
    public static string Append(OnnxGraphBuilder graph, string features, TrainedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentException.ThrowIfNullOrEmpty(features);
        ArgumentNullException.ThrowIfNull(network);
        if (!graph.HasValue(features))
            throw new ArgumentException($"The graph has no value '{features}' for the network to read.", nameof(features));

        return AppendLayers(graph, features, network.InputWidth, network, skip: 0);
    }

    /// <summary>
    /// The first layer's weight ([outputs, InputWidth] row-major, torch's layout) and bias when the network starts with
    /// a dense layer that reads the features directly, the case <see cref="InputLayerFold"/> folds; otherwise null.
    /// </summary>
    public static (float[] Weight, float[]? Bias, int Outputs)? FirstDense(TrainedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var first = network.Module.named_children().FirstOrDefault();
        return first.module is Linear linear && linear.in_features == network.InputWidth
            ? (Values(linear.weight!), linear.bias is null ? null : Values(linear.bias), (int)linear.out_features)
            : null;
    }

    /// <summary>
    /// Appends every layer after the first dense one (<see cref="FirstDense"/>), reading that layer's output
    /// <paramref name="hidden"/> (float [N, outputs]), and publishes the output as <see cref="Append"/> does.
    /// </summary>
    public static string AppendAfterFirstDense(OnnxGraphBuilder graph, string hidden, TrainedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var first = FirstDense(network) ?? throw new ArgumentException("The network does not start with a dense layer over its input.", nameof(network));
        if (!graph.HasValue(hidden))
            throw new ArgumentException($"The graph has no value '{hidden}' for the network to read.", nameof(hidden));
        return AppendLayers(graph, hidden, first.Outputs, network, skip: 1);
    }

    private static string AppendLayers(OnnxGraphBuilder graph, string features, long inputWidth, TrainedNetwork network, int skip)
    {
        var x = features;
        var width = inputWidth;
        foreach (var (name, layer) in network.Module.named_children().Skip(skip))
        {
            switch (layer)
            {
                case Linear linear:
                    if (linear.in_features != width)
                        throw new InvalidOperationException($"Layer {name} expects {linear.in_features} inputs but receives {width}.");
                    x = graph.Dense(
                        x, Values(linear.weight!), linear.bias is null ? null : Values(linear.bias),
                        (int)linear.in_features, (int)linear.out_features, WeightLayout.OutputByInput);
                    width = linear.out_features;
                    break;
                case BatchNorm1d norm:
                    if (!norm.track_running_stats || norm.running_mean is null || norm.running_var is null)
                        throw new NotSupportedException($"Layer {name}: BatchNorm without running statistics cannot be exported for inference.");
                    var channels = (int)norm.num_features;
                    x = graph.BatchNorm(
                        x,
                        norm.weight is null ? Enumerable.Repeat(1f, channels).ToArray() : Values(norm.weight),
                        norm.bias is null ? new float[channels] : Values(norm.bias),
                        Values(norm.running_mean), Values(norm.running_var), (float)norm.eps);
                    break;
                case ReLU:
                    x = graph.Relu(x);
                    break;
                case Tanh:
                    x = graph.Tanh(x);
                    break;
                case GELU gelu:
                    if (gelu.approximate != GELU.Approximate.none)
                        throw new NotSupportedException($"Layer {name}: only exact (erf) GELU is exported, not approximate={gelu.approximate}.");
                    x = graph.Gelu(x);
                    break;
                case LeakyReLU leaky:
                    x = graph.LeakyRelu(x, (float)leaky.negative_slope);
                    break;
                case Dropout:
                    x = graph.Dropout(x);
                    break;
                default:
                    throw new NotSupportedException($"Layer {name} ({layer.GetType().Name}) has no ONNX export.");
            }
        }
        if (width != network.OutputWidth)
            throw new InvalidOperationException($"The network ends with {width} outputs; the {network.Task} head needs {network.OutputWidth}.");

        switch (network.Task)
        {
            case PredictionTask.Binary:
                graph.AddProbabilitiesOutput(graph.BinaryProbabilities(x), 2);
                return OutputHeadOps.ProbabilitiesOutput;
            case PredictionTask.Multiclass:
                graph.AddProbabilitiesOutput(graph.Softmax(x), network.Classes);
                return OutputHeadOps.ProbabilitiesOutput;
            default:
                var scaling = network.TargetScaling!;
                var scaled = graph.AddNode("Mul", [x, graph.AddMatrixScalar("target_std", scaling.Std)]);
                var restored = graph.AddNode("Add", [scaled, graph.AddMatrixScalar("target_mean", scaling.Mean)]);
                graph.AddPredictionsOutput(restored);
                return OutputHeadOps.PredictionsOutput;
        }
    }

    /// <summary>
    /// A graph of the network alone, with input "features" float [N, InputWidth] — what parity tests run, and
    /// what determinism tests compare byte for byte.
    /// </summary>
    public static OnnxGraphBuilder NetworkOnly(TrainedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var graph = new OnnxGraphBuilder();
        var input = graph.AddInput(FeaturesInput, TensorElementType.Float, network.InputWidth);
        Append(graph, input, network);
        return graph;
    }

    /// <summary>A parameter or buffer as a row-major float array, read from wherever it lives.</summary>
    private static float[] Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().cpu().contiguous().to_type(ScalarType.Float32).data<float>().ToArray();
    }
}
