using GitOpsMl.Onnx.Tests.Support;

namespace GitOpsMl.Onnx.Tests;

// Output heads publish the names and layouts serving relies on.
public class OutputHeadOpsTests
{
    [Fact]
    public void BinaryProbabilities_are_one_minus_p_then_p_of_the_sigmoid()
    {
        float[] logits = [0f, 2f, -3.5f, 40f, -40f, float.PositiveInfinity, float.NegativeInfinity];
        var graph = new OnnxGraphBuilder();
        var x = graph.AddNumericColumn("logit");
        graph.AddProbabilitiesOutput(graph.BinaryProbabilities(x), 2);
        var actual = OrtRunner.RunFloat(graph.ToBytes(), OutputHeadOps.ProbabilitiesOutput, OrtRunner.FloatColumn("logit", logits));
        Assert.Equal([logits.Length, 2], actual.Shape);
        for (var row = 0; row < logits.Length; row++)
        {
            var p = (float)NetworkReference.Sigmoid(logits[row]);
            FloatAssert.Close(p, actual.At(row, 1), $"p1 for {logits[row]}");
            FloatAssert.Close(1f - p, actual.At(row, 0), $"p0 for {logits[row]}");
        }
    }

    [Fact]
    public void PredictionsOutput_exposes_regression_values_under_their_fixed_name()
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddNumericColumn("x");
        graph.AddPredictionsOutput(graph.Standardize(x, 1f, 2f));
        var actual = OrtRunner.RunFloat(graph.ToBytes(), "predictions", OrtRunner.FloatColumn("x", 5f, -1f));
        Assert.Equal([2f, -1f], actual.Data);
        Assert.Equal([2, 1], actual.Shape);
    }
}
