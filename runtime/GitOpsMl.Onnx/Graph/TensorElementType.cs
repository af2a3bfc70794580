namespace GitOpsMl.Onnx;

/// <summary>
/// The tensor element types GitOpsMl models use at their boundaries and inside the graph.
/// Values are the official ONNX <c>TensorProto.DataType</c> codes, so a cast to int is the wire value.
/// </summary>
public enum TensorElementType
{
    Float = 1,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Double = 11,
}
