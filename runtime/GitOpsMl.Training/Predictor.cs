using GitOpsMl.Data.Features;

namespace GitOpsMl.Training;

/// <summary>
/// Inference with a <see cref="TrainedNetwork"/> in TorchSharp: eval mode (dropout off, BatchNorm on its running
/// statistics), no autograd, in batches. Probabilities for classifiers ([N, C], binary as [1 - p, p]) and
/// de-standardized values for regression — the outputs of the exported ONNX graph, computed independently,
/// which is what makes the torch-vs-ONNX parity check meaningful.
/// </summary>
public static class Predictor
{
    /// <summary>Rows per forward pass: large enough to amortize per-call overhead, small enough to bound memory.</summary>
    public const int DefaultBatchSize = 65536;

    /// <summary>Predicts for a row-major [rows, network.InputWidth] float matrix.</summary>
    public static Prediction Predict(TrainedNetwork network, float[] features, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length % network.InputWidth != 0)
            throw new ArgumentException($"{features.Length} values do not form rows of the network's input width {network.InputWidth}.", nameof(features));
        return Predict(network, EncodedFeatures.FromMatrix(features, network.InputWidth), batchSize);
    }

    /// <summary>Predicts for the features of <paramref name="data"/>.</summary>
    public static Prediction Predict(TrainedNetwork network, TrainingData data, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Width != network.InputWidth)
            throw new ArgumentException($"Data width {data.Width} differs from the network's input width {network.InputWidth}.", nameof(data));
        return Predict(network, data.Features, batchSize);
    }

    /// <summary>Predicts for compact features; each batch is expanded to the network's input on its device.</summary>
    public static Prediction Predict(TrainedNetwork network, EncodedFeatures features, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Width != network.InputWidth)
            throw new ArgumentException($"Feature width {features.Width} differs from the network's input width {network.InputWidth}.", nameof(features));
        // Host tensors for the whole split; each batch is expanded and moved to the network's device.
        using var host = FeatureTensors.Create(features);
        return NetworkOutputs.Predict(
            network.Module, network.Task, network.Classes, network.TargetScaling, network.Device, host, batchSize);
    }
}
