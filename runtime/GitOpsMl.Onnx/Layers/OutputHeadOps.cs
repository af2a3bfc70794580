namespace GitOpsMl.Onnx;

/// <summary>Turns network logits into the model's published outputs.</summary>
public static class OutputHeadOps
{
    /// <summary>Output name for classifiers: float [N, C] class probabilities.</summary>
    public const string ProbabilitiesOutput = "probabilities";

    /// <summary>Output name for regressors: float [N, 1] values.</summary>
    public const string PredictionsOutput = "predictions";

    /// <summary>
    /// Single logit [N,1] → [N,2] = [1 - p, p] with p = Sigmoid(logit), so binary models expose
    /// the same [N, C] probability layout as multi-class ones (column 1 = positive class).
    /// </summary>
    public static string BinaryProbabilities(this OnnxGraphBuilder graph, string logit)
    {
        var positive = graph.AddNode("Sigmoid", [logit]);
        var negative = graph.AddNode("Sub", [graph.AddMatrixScalar("one", 1f), positive]);
        return graph.AddNode("Concat", [negative, positive], OnnxAttribute.Int("axis", 1));
    }

    /// <summary>Publishes float [N, classes] probabilities as the graph output "probabilities".</summary>
    public static void AddProbabilitiesOutput(this OnnxGraphBuilder graph, string probabilities, int classes) =>
        graph.AddOutput(ProbabilitiesOutput, TensorElementType.Float, probabilities, classes);

    /// <summary>Publishes float [N, 1] regression values as the graph output "predictions".</summary>
    public static void AddPredictionsOutput(this OnnxGraphBuilder graph, string values) =>
        graph.AddOutput(PredictionsOutput, TensorElementType.Float, values, 1);
}
