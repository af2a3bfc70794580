using GitOpsMl.Onnx.Tests.Support;

namespace GitOpsMl.Onnx.Tests;

// Dense layers computed by ONNX Runtime equal x·W + b computed in C#.
public class DenseOpsTests
{
    private const int In = 3;
    private const int Out = 4;

    private static readonly float[] WeightsInOut =
    [
        0.5f, -1f, 2f, 0f,
        1.5f, 0.25f, -0.75f, 3f,
        -2f, 1f, 0.125f, -0.5f,
    ];

    private static readonly float[] Bias = [0.1f, -0.2f, 0.3f, 0f];

    private static readonly float[] Inputs =
    [
        1f, 2f, 3f,
        -1f, 0f, 0.5f,
        100f, -50f, 0.001f,
        0f, 0f, 0f,
    ];

    private static OrtResult<float> Run(Func<OnnxGraphBuilder, string, string> emit, float[] inputs)
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddInput("x", TensorElementType.Float, In);
        graph.AddOutput("y", TensorElementType.Float, emit(graph, x), Out);
        return OrtRunner.RunFloat(graph.ToBytes(), "y", OrtRunner.FloatMatrix("x", inputs, inputs.Length / In, In));
    }

    private static float[] Expected(float[] inputs, float[]? bias) =>
        inputs.Chunk(In)
            .SelectMany(row => NetworkReference.Dense(row.Select(v => (double)v).ToArray(), WeightsInOut, bias, Out))
            .Select(v => (float)v)
            .ToArray();

    [Fact]
    public void Dense_with_in_by_out_weights_is_x_times_w_plus_b()
    {
        var actual = Run((g, x) => g.Dense(x, WeightsInOut, Bias, In, Out), Inputs);
        Assert.Equal([4, Out], actual.Shape);
        FloatAssert.AllClose(Expected(Inputs, Bias), actual.Data);
    }

    [Fact]
    public void Dense_accepts_torch_out_by_in_weights_without_transposing_them()
    {
        var torchWeights = NetworkReference.Transpose(WeightsInOut, In, Out);
        var actual = Run((g, x) => g.Dense(x, torchWeights, Bias, In, Out, WeightLayout.OutputByInput), Inputs);
        FloatAssert.AllClose(Expected(Inputs, Bias), actual.Data);
    }

    [Fact]
    public void Dense_without_bias_is_x_times_w()
    {
        var actual = Run((g, x) => g.Dense(x, WeightsInOut, null, In, Out), Inputs);
        FloatAssert.AllClose(Expected(Inputs, null), actual.Data);
    }

    [Fact]
    public void A_missing_value_in_a_row_makes_that_row_nan_and_infinities_propagate()
    {
        float[] inputs = [float.NaN, 1f, 1f, 1f, 1f, 1f, float.PositiveInfinity, 1f, 1f, 1f, float.NegativeInfinity, 2f];
        var actual = Run((g, x) => g.Dense(x, WeightsInOut, Bias, In, Out), inputs);
        Assert.All(actual.Row(0), v => Assert.True(float.IsNaN(v)));
        // inf · 0 (a zero weight) is NaN, inf · w is ±inf: exactly what the C# reference computes too.
        FloatAssert.AllClose(Expected(inputs, Bias), actual.Data);
    }

    [Fact]
    public void Dense_rejects_weights_of_the_wrong_size()
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddInput("x", TensorElementType.Float, In);
        Assert.Throws<ArgumentException>(() => graph.Dense(x, WeightsInOut, Bias, In, Out + 1));
    }
}
