using Google.Protobuf;
using GitOpsMl.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;

namespace GitOpsMl.Onnx.Tests;

// The builder produces a loadable, self-describing, reproducible model and refuses miswired graphs.
public class OnnxGraphBuilderTests
{
    private static OnnxGraphBuilder SmallModel()
    {
        var graph = new OnnxGraphBuilder { DocString = "churn classifier", ProducerVersion = "1.2.3" };
        graph.SetMetadata("target", "churned");
        graph.SetMetadata("columns", "age,city");
        var age = graph.AddNumericColumn("age");
        var city = graph.AddCategoricalColumn("city");
        var features = graph.ConcatFeatures(
            [graph.Standardize(age, 40f, 12f), graph.OneHot(city, new CategoryVocabulary(["a", "b"]), UnknownCategory.OtherSlot)]);
        var logit = graph.Dense(features, [0.1f, -0.2f, 0.3f, 0.4f], [0.5f], 4, 1);
        graph.AddProbabilitiesOutput(graph.BinaryProbabilities(logit), 2);
        return graph;
    }

    [Fact]
    public void Build_records_ir_version_producer_doc_string_and_sorted_metadata()
    {
        var model = SmallModel().Build();
        Assert.Equal(8, model.IrVersion);
        Assert.Equal("gitopsml", model.ProducerName);
        Assert.Equal("1.2.3", model.ProducerVersion);
        Assert.Equal("churn classifier", model.DocString);
        Assert.Equal(["columns", "target"], model.MetadataProps.Select(p => p.Key));
        Assert.Equal("churned", model.MetadataProps[1].Value);
    }

    [Fact]
    public void Onnx_runtime_reads_back_the_metadata()
    {
        using var session = new InferenceSession(SmallModel().ToBytes());
        Assert.Equal("gitopsml", session.ModelMetadata.ProducerName);
        Assert.Equal("churn classifier", session.ModelMetadata.Description);
        Assert.Equal("churned", session.ModelMetadata.CustomMetadataMap["target"]);
    }

    [Fact]
    public void The_ml_opset_is_imported_only_when_an_ml_operator_is_used()
    {
        var numericOnly = new OnnxGraphBuilder();
        numericOnly.AddOutput("y", TensorElementType.Float, numericOnly.Relu(numericOnly.AddNumericColumn("x")), 1);
        Assert.Equal([("", 17L)], numericOnly.Build().OpsetImport.Select(o => (o.Domain, o.Version)));
        Assert.Equal([("", 17L), ("ai.onnx.ml", 3L)], SmallModel().Build().OpsetImport.Select(o => (o.Domain, o.Version)));
    }

    [Fact]
    public void Inputs_and_outputs_have_a_symbolic_batch_dimension_named_N()
    {
        var graph = SmallModel().Build().Graph;
        foreach (var value in graph.Input.Concat(graph.Output))
        {
            var dims = value.Type.TensorType.Shape.Dim;
            Assert.Equal("N", dims[0].DimParam);
            Assert.Equal(TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue, dims[1].ValueCase);
        }
        Assert.Equal((int)TensorElementType.String, graph.Input[1].Type.TensorType.ElemType);
        Assert.Equal(2, graph.Output.Single(o => o.Name == "probabilities").Type.TensorType.Shape.Dim[1].DimValue);
    }

    [Fact]
    public void Generated_names_are_unique_and_never_collide_with_caller_names()
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddInput("relu_0", TensorElementType.Float, 1);
        var a = graph.Relu(x);
        var b = graph.Relu(a);
        Assert.NotEqual("relu_0", a);
        Assert.NotEqual(a, b);
        var model = graph.Build().Graph;
        var valueNames = model.Node.SelectMany(n => n.Output).Concat(model.Input.Select(i => i.Name)).ToList();
        Assert.Equal(valueNames.Count, valueNames.Distinct().Count());
        Assert.Equal(model.Node.Count, model.Node.Select(n => n.Name).Distinct().Count());
    }

    [Fact]
    public void Miswired_graphs_are_rejected_when_built_not_when_served()
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddNumericColumn("x");
        Assert.Throws<InvalidOperationException>(() => graph.AddNode("Relu", ["not_defined"]));
        Assert.Throws<InvalidOperationException>(() => graph.AddNumericColumn("x"));
        Assert.Throws<InvalidOperationException>(() => graph.AddOutput("x2", TensorElementType.Float, "missing", 1));
        Assert.Throws<InvalidOperationException>(() => graph.AddNode("Custom", "com.example", [x], 1));
        Assert.Throws<ArgumentException>(() => graph.AddInitializer("w", new float[] { 1f, 2f, 3f }, 2, 2));
    }

    [Fact]
    public void Same_calls_produce_byte_identical_models()
    {
        Assert.Equal(SmallModel().ToBytes(), SmallModel().ToBytes());
        var graph = SmallModel();
        Assert.Equal(graph.ToBytes(), graph.ToBytes());
    }

    [Fact]
    public void Metadata_order_of_calls_does_not_change_the_bytes()
    {
        var first = new OnnxGraphBuilder();
        first.SetMetadata("b", "2");
        first.SetMetadata("a", "1");
        var second = new OnnxGraphBuilder();
        second.SetMetadata("a", "1");
        second.SetMetadata("b", "2");
        Assert.Equal(first.ToBytes(), second.ToBytes());
    }

    [Fact]
    public void A_different_weight_changes_the_bytes()
    {
        var changed = new OnnxGraphBuilder();
        changed.AddInitializer("w", new float[] { 1f }, 1);
        var original = new OnnxGraphBuilder();
        original.AddInitializer("w", new float[] { 2f }, 1);
        Assert.NotEqual(original.ToBytes(), changed.ToBytes());
    }

    [Fact]
    public void Build_is_a_snapshot_and_later_calls_do_not_alter_it()
    {
        var graph = SmallModel();
        var before = graph.Build();
        var bytesBefore = graph.ToBytes();
        graph.SetMetadata("later", "x");
        graph.Relu(graph.AddNumericColumn("extra"));
        Assert.Equal(bytesBefore, before.ToByteArray());
        Assert.NotEqual(bytesBefore, graph.ToBytes());
    }

    [Fact]
    public void Serialized_bytes_parse_back_to_an_equal_model()
    {
        var model = SmallModel().Build();
        Assert.Equal(model, ModelProto.Parser.ParseFrom(model.ToByteArray()));
    }
}
