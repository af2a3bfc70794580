using GitOpsMl.Onnx.Tests.Support;

namespace GitOpsMl.Onnx.Tests;

// Facts about ONNX Runtime (1.31) the exporter's design relies on. If an upgrade breaks one,
// revisit the helper named in the test before trusting exported models.
public class OnnxRuntimeAssumptionTests
{
    private static string[] Run(Action<OnnxGraphBuilder, string, Action<string>> build, TensorElementType outputType, params string[] column)
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddCategoricalColumn("x");
        build(graph, x, y => graph.AddOutput("y", outputType, y, 1));
        return OrtRunner.RunSingle<long>(graph.ToBytes(), "y", OrtRunner.StringColumn("x", column)).Data.Select(v => v.ToString()).ToArray();
    }

    [Fact]
    public void LabelEncoder_v2_attributes_keys_strings_values_int64s_default_int64_work_in_ml_opset_3() =>
        Assert.Equal(
            ["10", "11", "-5"],
            Run((g, x, output) => output(g.AddMlNode("LabelEncoder", [x],
                OnnxAttribute.Strings("keys_strings", ["a", ""]),
                OnnxAttribute.Ints("values_int64s", [10, 11]),
                OnnxAttribute.Int("default_int64", -5))), TensorElementType.Int64, "a", "", "b"));

    [Fact]
    public void LabelEncoder_without_default_int64_maps_unknown_to_minus_one() =>
        Assert.Equal(
            ["10", "-1"],
            Run((g, x, output) => output(g.AddMlNode("LabelEncoder", [x],
                OnnxAttribute.Strings("keys_strings", ["a"]),
                OnnxAttribute.Ints("values_int64s", [10]))), TensorElementType.Int64, "a", "b"));

    [Fact]
    public void LabelEncoder_v4_tensor_attributes_also_work_when_ml_opset_4_is_imported() =>
        Assert.Equal(
            ["5", "-7"],
            Run((g, x, output) =>
            {
                g.ImportOpset(OnnxOpsets.MlDomain, 4);
                output(g.AddMlNode("LabelEncoder", [x],
                    OnnxAttribute.Tensor("keys_tensor", OnnxTensors.String("", ["a"], [1])),
                    OnnxAttribute.Tensor("values_tensor", OnnxTensors.Int64("", [5], [1])),
                    OnnxAttribute.Tensor("default_tensor", OnnxTensors.Int64("", [-7], [1]))));
            }, TensorElementType.Int64, "a", "z"));

    [Fact]
    public void LabelEncoder_silently_accepts_duplicate_keys_so_CategoryVocabulary_must_reject_them() =>
        Assert.Equal(
            ["0"],
            Run((g, x, output) => output(g.AddMlNode("LabelEncoder", [x],
                OnnxAttribute.Strings("keys_strings", ["a", "a"]),
                OnnxAttribute.Ints("values_int64s", [0, 1]))), TensorElementType.Int64, "a"));

    [Fact]
    public void OneHot_operator_reads_index_minus_one_as_the_last_slot_so_IndexOneHot_uses_Equal()
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddNumericColumn("x");
        var index = graph.AddNode("Cast", [x], OnnxAttribute.Int("to", (long)TensorElementType.Int64));
        var hot = graph.AddNode(
            "OneHot", [index, graph.AddInitializer("depth", new long[] { 3 }), graph.AddInitializer("values", new float[] { 0f, 1f }, 2)]);
        graph.AddOutput("y", TensorElementType.Float, hot, 3);
        Assert.Equal([0f, 0f, 1f], OrtRunner.RunFloat(graph.ToBytes(), "y", OrtRunner.FloatColumn("x", -1f)).Data);
    }

    [Fact]
    public void Gelu_operator_does_not_exist_at_opset_17_so_ActivationOps_builds_it_from_Erf()
    {
        var graph = new OnnxGraphBuilder();
        graph.AddOutput("y", TensorElementType.Float, graph.AddNode("Gelu", [graph.AddNumericColumn("x")]), 1);
        var error = Assert.ThrowsAny<Exception>(() => OrtRunner.RunFloat(graph.ToBytes(), "y", OrtRunner.FloatColumn("x", 1f)));
        Assert.Contains("Gelu", error.Message);
    }

    [Fact]
    public void Max_and_Min_propagate_NaN_and_leave_values_alone_at_infinite_bounds_so_ClipColumns_can_use_them()
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddNumericColumn("x");
        var low = graph.AddNode("Max", [x, graph.AddInitializer("lo", new[] { 0f }, 1, 1)]);
        var clipped = graph.AddNode("Min", [low, graph.AddInitializer("hi", new[] { float.PositiveInfinity }, 1, 1)]);
        graph.AddOutput("y", TensorElementType.Float, clipped, 1);
        var y = OrtRunner.RunFloat(graph.ToBytes(), "y", OrtRunner.FloatColumn("x", float.NaN, -3f, 5f, float.PositiveInfinity, float.NegativeInfinity)).Data;
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal([0f, 5f, float.PositiveInfinity, 0f], y.Skip(1));
    }
}
