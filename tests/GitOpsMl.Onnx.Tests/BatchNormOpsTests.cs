using GitOpsMl.Onnx.Tests.Support;

namespace GitOpsMl.Onnx.Tests;

// Inference-mode batch normalization uses the frozen running statistics, per channel.
public class BatchNormOpsTests
{
    [Fact]
    public void BatchNorm_normalises_with_running_statistics_then_scales_and_shifts()
    {
        float[] scale = [1f, 2f, 0.5f];
        float[] bias = [0f, 1f, -3f];
        float[] mean = [0.5f, -2f, 10f];
        float[] variance = [1f, 4f, 0.01f];
        const float epsilon = 1e-3f;
        float[] inputs =
        [
            1f, 2f, 3f,
            -4f, 0f, 10f,
            float.NaN, 1e4f, -1e4f,
            float.PositiveInfinity, float.NegativeInfinity, 0f,
        ];

        var graph = new OnnxGraphBuilder();
        var x = graph.AddInput("x", TensorElementType.Float, 3);
        graph.AddOutput("y", TensorElementType.Float, graph.BatchNorm(x, scale, bias, mean, variance, epsilon), 3);
        var actual = OrtRunner.RunFloat(graph.ToBytes(), "y", OrtRunner.FloatMatrix("x", inputs, 4, 3));

        var expected = inputs.Select((v, i) =>
        {
            var c = i % 3;
            return (float)((v - mean[c]) / Math.Sqrt(variance[c] + epsilon) * scale[c] + bias[c]);
        }).ToArray();
        FloatAssert.AllClose(expected, actual.Data);
    }
}
