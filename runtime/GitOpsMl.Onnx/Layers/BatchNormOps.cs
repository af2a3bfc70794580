namespace GitOpsMl.Onnx;

/// <summary>Batch normalization with frozen statistics.</summary>
public static class BatchNormOps
{
    /// <summary>
    /// Inference-mode BatchNormalization on float [N, C]:
    /// y = (x - runningMean) / sqrt(runningVar + epsilon) · scale + bias, per channel.
    /// Defaults match torch.nn.BatchNorm1d (epsilon 1e-5); pass its weight as scale.
    /// </summary>
    public static string BatchNorm(
        this OnnxGraphBuilder graph,
        string x,
        IReadOnlyList<float> scale,
        IReadOnlyList<float> bias,
        IReadOnlyList<float> runningMean,
        IReadOnlyList<float> runningVar,
        float epsilon = 1e-5f)
    {
        var channels = scale.Count;
        if (bias.Count != channels || runningMean.Count != channels || runningVar.Count != channels)
        {
            throw new ArgumentException("scale, bias, mean and var must all have one entry per channel.");
        }
        // training_mode defaults to 0 (opset 15+), i.e. the running statistics are used.
        return graph.AddNode(
            "BatchNormalization",
            [
                x,
                graph.AddInitializer("bn_scale", scale, channels),
                graph.AddInitializer("bn_bias", bias, channels),
                graph.AddInitializer("bn_mean", runningMean, channels),
                graph.AddInitializer("bn_var", runningVar, channels),
            ],
            OnnxAttribute.Float("epsilon", epsilon));
    }
}
