namespace GitOpsMl.Onnx;

/// <summary>Graph inputs for raw table columns, one [N,1] tensor per column, named after the column.</summary>
public static class ColumnInputOps
{
    /// <summary>float [N,1]; missing values must be sent as NaN.</summary>
    public static string AddNumericColumn(this OnnxGraphBuilder graph, string column) =>
        graph.AddInput(column, TensorElementType.Float, 1);

    /// <summary>double [N,1] of Unix seconds (seconds since 1970-01-01T00:00:00Z, UTC); missing values must be sent as NaN.</summary>
    public static string AddTimestampColumn(this OnnxGraphBuilder graph, string column) =>
        graph.AddInput(column, TensorElementType.Double, 1);

    /// <summary>string [N,1]; missing values must be sent as "".</summary>
    public static string AddCategoricalColumn(this OnnxGraphBuilder graph, string column) =>
        graph.AddInput(column, TensorElementType.String, 1);
}
