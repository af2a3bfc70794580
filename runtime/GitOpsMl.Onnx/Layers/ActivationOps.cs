namespace GitOpsMl.Onnx;

/// <summary>Element-wise activations and Softmax.</summary>
public static class ActivationOps
{
    public static string Relu(this OnnxGraphBuilder graph, string x) => graph.AddNode("Relu", [x]);

    public static string Tanh(this OnnxGraphBuilder graph, string x) => graph.AddNode("Tanh", [x]);

    public static string Sigmoid(this OnnxGraphBuilder graph, string x) => graph.AddNode("Sigmoid", [x]);

    /// <summary>x for x ≥ 0, alpha·x otherwise (torch default alpha 0.01).</summary>
    public static string LeakyRelu(this OnnxGraphBuilder graph, string x, float alpha = 0.01f) =>
        graph.AddNode("LeakyRelu", [x], OnnxAttribute.Float("alpha", alpha));

    /// <summary>
    /// Exact (erf-based) GELU, torch's default: x · 0.5 · (1 + erf(x / √2)).
    /// The Gelu operator only exists from opset 20, so opset 17 spells it out with Erf.
    /// </summary>
    public static string Gelu(this OnnxGraphBuilder graph, string x)
    {
        var scaled = graph.AddNode("Div", [x, graph.AddScalar("sqrt2", MathF.Sqrt(2f))]);
        var erf = graph.AddNode("Erf", [scaled]);
        var onePlusErf = graph.AddNode("Add", [erf, graph.AddScalar("one", 1f)]);
        var halfX = graph.AddNode("Mul", [x, graph.AddScalar("half", 0.5f)]);
        return graph.AddNode("Mul", [halfX, onePlusErf]);
    }

    /// <summary>Softmax over the last axis (opset 13+ semantics: per row, not a flattened 2-D view).</summary>
    public static string Softmax(this OnnxGraphBuilder graph, string x) =>
        graph.AddNode("Softmax", [x], OnnxAttribute.Int("axis", -1));

    /// <summary>Dropout is the identity at inference, so nothing is emitted; exists so a layer walker can map every layer.</summary>
    public static string Dropout(this OnnxGraphBuilder graph, string x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return x;
    }
}
