using GitOpsMl.Onnx.Tests.Support;

namespace GitOpsMl.Onnx.Tests;

// Activations evaluated by ONNX Runtime must match their textbook definitions.
public class ActivationOpsTests
{
    // Wide sweep plus the special values; activations see raw Dense outputs, so any float can occur.
    private static readonly float[] Column =
        SpecialFloats.Column.Concat(Enumerable.Range(-80, 161).Select(i => i * 0.125f)).ToArray();

    private static void AssertMatches(Func<OnnxGraphBuilder, string, string> emit, Func<double, double> reference, float[]? column = null)
    {
        column ??= Column;
        var actual = SingleColumnModel.RunNumeric(emit, 1, column);
        for (var i = 0; i < column.Length; i++)
        {
            FloatAssert.Close((float)reference(column[i]), actual.Data[i], $"x={column[i]:R}");
        }
    }

    [Fact]
    public void Relu_zeroes_negatives() => AssertMatches((g, x) => g.Relu(x), NetworkReference.Relu);

    [Fact]
    public void Tanh_matches_math_tanh() => AssertMatches((g, x) => g.Tanh(x), Math.Tanh);

    [Fact]
    public void Sigmoid_matches_the_logistic_function() => AssertMatches((g, x) => g.Sigmoid(x), NetworkReference.Sigmoid);

    [Fact]
    public void LeakyRelu_scales_negatives_by_alpha() =>
        AssertMatches((g, x) => g.LeakyRelu(x, 0.2f), x => NetworkReference.LeakyRelu(x, 0.2f));

    [Fact]
    public void Gelu_built_from_erf_matches_exact_gelu_on_finite_inputs() =>
        AssertMatches((g, x) => g.Gelu(x), NetworkReference.Gelu, Column.Where(float.IsFinite).ToArray());

    [Fact]
    public void Gelu_of_infinities_follows_the_formula_not_the_limit()
    {
        // 0.5·x·(1 + erf(x/√2)) at x = -inf is -inf·0 = NaN (the limit would be 0); +inf stays +inf.
        var actual = SingleColumnModel.RunNumeric((g, x) => g.Gelu(x), 1, float.PositiveInfinity, float.NegativeInfinity, float.NaN);
        Assert.Equal(float.PositiveInfinity, actual.Data[0]);
        Assert.True(float.IsNaN(actual.Data[1]));
        Assert.True(float.IsNaN(actual.Data[2]));
    }

    [Fact]
    public void Dropout_emits_nothing_at_inference()
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddNumericColumn("x");
        Assert.Equal(x, graph.Dropout(x));
        Assert.Empty(graph.Build().Graph.Node);
    }

    [Fact]
    public void Softmax_normalises_each_row_over_the_last_axis()
    {
        float[] logits =
        [
            1f, 2f, 3f,
            -1000f, 0f, 1000f,
            0f, 0f, 0f,
            50f, 49.5f, -20f,
        ];
        var graph = new OnnxGraphBuilder();
        var x = graph.AddInput("x", TensorElementType.Float, 3);
        graph.AddOutput("y", TensorElementType.Float, graph.Softmax(x), 3);
        var actual = OrtRunner.RunFloat(graph.ToBytes(), "y", OrtRunner.FloatMatrix("x", logits, 4, 3));
        var expected = logits.Chunk(3).SelectMany(row => NetworkReference.Softmax(row.Select(v => (double)v).ToArray())).ToArray();
        FloatAssert.AllClose(expected.Select(v => (float)v).ToArray(), actual.Data);
    }
}
