using System.Text;
using Google.Protobuf;
using GitOpsMl.Onnx.Proto;

namespace GitOpsMl.Onnx;

/// <summary>
/// Builds constant tensors. Values go into the typed repeated fields (float_data, double_data,
/// int64_data, string_data) rather than raw_data: that encoding is endianness-free and byte-stable.
/// </summary>
public static class OnnxTensors
{
    public static TensorProto Float(string name, IReadOnlyList<float> values, IReadOnlyList<long> dims)
    {
        var tensor = Create(name, TensorElementType.Float, values.Count, dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    public static TensorProto Double(string name, IReadOnlyList<double> values, IReadOnlyList<long> dims)
    {
        var tensor = Create(name, TensorElementType.Double, values.Count, dims);
        tensor.DoubleData.AddRange(values);
        return tensor;
    }

    public static TensorProto Int64(string name, IReadOnlyList<long> values, IReadOnlyList<long> dims)
    {
        var tensor = Create(name, TensorElementType.Int64, values.Count, dims);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    public static TensorProto String(string name, IReadOnlyList<string> values, IReadOnlyList<long> dims)
    {
        var tensor = Create(name, TensorElementType.String, values.Count, dims);
        tensor.StringData.AddRange(values.Select(v => ByteString.CopyFrom(Encoding.UTF8.GetBytes(v))));
        return tensor;
    }

    private static TensorProto Create(string name, TensorElementType type, int count, IReadOnlyList<long> dims)
    {
        // A shape of [] is a scalar holding exactly one element.
        long expected = 1;
        foreach (var dim in dims)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Tensor '{name}' has negative dimension {dim}.", nameof(dims));
            }
            expected *= dim;
        }
        if (expected != count)
        {
            throw new ArgumentException(
                $"Tensor '{name}' has {count} values but shape [{string.Join(",", dims)}] holds {expected}.",
                nameof(dims));
        }
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
