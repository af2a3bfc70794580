using System.Text;
using Google.Protobuf;
using GitOpsMl.Onnx.Proto;
using AttrType = GitOpsMl.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace GitOpsMl.Onnx;

/// <summary>
/// Factories for node attributes. Each sets the <c>type</c> discriminator explicitly, which IR
/// version 2+ requires and ONNX Runtime checks before reading the value field.
/// </summary>
public static class OnnxAttribute
{
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttrType.Float, F = value };

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttrType.Int, I = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttrType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Floats(string name, IEnumerable<float> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttrType.Floats };
        attribute.Floats.AddRange(values);
        return attribute;
    }

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttrType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Strings(string name, IEnumerable<string> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttrType.Strings };
        attribute.Strings.AddRange(values.Select(v => ByteString.CopyFrom(Encoding.UTF8.GetBytes(v))));
        return attribute;
    }

    public static AttributeProto Tensor(string name, TensorProto value) =>
        new() { Name = name, Type = AttrType.Tensor, T = value };
}
