namespace GitOpsMl.Onnx.Tests.Support;

/// <summary>Builds and runs a one-input model "x" [N,1] → "y" [N,width] around one helper call.</summary>
public static class SingleColumnModel
{
    public static OrtResult<float> RunNumeric(Func<OnnxGraphBuilder, string, string> emit, int width, params float[] column)
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddNumericColumn("x");
        graph.AddOutput("y", TensorElementType.Float, emit(graph, x), width);
        return OrtRunner.RunFloat(graph.ToBytes(), "y", OrtRunner.FloatColumn("x", column));
    }

    public static OrtResult<T> RunCategorical<T>(
        Func<OnnxGraphBuilder, string, string> emit, TensorElementType outputType, int width, params string[] column)
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddCategoricalColumn("x");
        graph.AddOutput("y", outputType, emit(graph, x), width);
        return OrtRunner.RunSingle<T>(graph.ToBytes(), "y", OrtRunner.StringColumn("x", column));
    }
}
