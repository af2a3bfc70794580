namespace GitOpsMl.Onnx;

/// <summary>Fully connected layers.</summary>
public static class DenseOps
{
    /// <summary>
    /// y = x · W + b as one Gemm node: float [N, inFeatures] → [N, outFeatures].
    /// <paramref name="weights"/> is row-major in the given <paramref name="layout"/>;
    /// <paramref name="bias"/> has outFeatures entries or is null for no bias.
    /// </summary>
    public static string Dense(
        this OnnxGraphBuilder graph,
        string x,
        IReadOnlyList<float> weights,
        IReadOnlyList<float>? bias,
        int inFeatures,
        int outFeatures,
        WeightLayout layout = WeightLayout.InputByOutput)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        var transposed = layout == WeightLayout.OutputByInput;
        var w = transposed
            ? graph.AddInitializer("dense_w", weights, outFeatures, inFeatures)
            : graph.AddInitializer("dense_w", weights, inFeatures, outFeatures);
        var inputs = new List<string> { x, w };
        if (bias is not null)
        {
            // Gemm broadcasts a [out] C over the batch rows.
            inputs.Add(graph.AddInitializer("dense_b", bias, outFeatures));
        }
        return graph.AddNode("Gemm", inputs, OnnxAttribute.Int("transB", transposed ? 1 : 0));
    }
}
