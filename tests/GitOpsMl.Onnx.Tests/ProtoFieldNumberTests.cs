using Google.Protobuf;
using GitOpsMl.Onnx.Proto;

namespace GitOpsMl.Onnx.Tests;

// Our onnx.proto is a hand-copied subset; its field numbers ARE the wire contract with ONNX
// Runtime. These values are transcribed from github.com/onnx/onnx onnx/onnx.proto.
public class ProtoFieldNumberTests
{
    [Fact]
    public void Field_numbers_match_the_official_onnx_proto()
    {
        Assert.Equal(
            [1, 8, 2, 3, 4, 5, 6, 7, 14],
            [ModelProto.IrVersionFieldNumber, ModelProto.OpsetImportFieldNumber, ModelProto.ProducerNameFieldNumber,
             ModelProto.ProducerVersionFieldNumber, ModelProto.DomainFieldNumber, ModelProto.ModelVersionFieldNumber,
             ModelProto.DocStringFieldNumber, ModelProto.GraphFieldNumber, ModelProto.MetadataPropsFieldNumber]);
        Assert.Equal(
            [1, 2, 5, 10, 11, 12, 13],
            [GraphProto.NodeFieldNumber, GraphProto.NameFieldNumber, GraphProto.InitializerFieldNumber,
             GraphProto.DocStringFieldNumber, GraphProto.InputFieldNumber, GraphProto.OutputFieldNumber,
             GraphProto.ValueInfoFieldNumber]);
        Assert.Equal(
            [1, 2, 3, 4, 7, 5, 6],
            [NodeProto.InputFieldNumber, NodeProto.OutputFieldNumber, NodeProto.NameFieldNumber, NodeProto.OpTypeFieldNumber,
             NodeProto.DomainFieldNumber, NodeProto.AttributeFieldNumber, NodeProto.DocStringFieldNumber]);
        Assert.Equal(
            [1, 21, 13, 20, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
            [AttributeProto.NameFieldNumber, AttributeProto.RefAttrNameFieldNumber, AttributeProto.DocStringFieldNumber,
             AttributeProto.TypeFieldNumber, AttributeProto.FFieldNumber, AttributeProto.IFieldNumber, AttributeProto.SFieldNumber,
             AttributeProto.TFieldNumber, AttributeProto.GFieldNumber, AttributeProto.FloatsFieldNumber, AttributeProto.IntsFieldNumber,
             AttributeProto.StringsFieldNumber, AttributeProto.TensorsFieldNumber, AttributeProto.GraphsFieldNumber]);
        Assert.Equal(
            [1, 2, 4, 5, 6, 7, 8, 12, 9, 10, 11],
            [TensorProto.DimsFieldNumber, TensorProto.DataTypeFieldNumber, TensorProto.FloatDataFieldNumber,
             TensorProto.Int32DataFieldNumber, TensorProto.StringDataFieldNumber, TensorProto.Int64DataFieldNumber,
             TensorProto.NameFieldNumber, TensorProto.DocStringFieldNumber, TensorProto.RawDataFieldNumber,
             TensorProto.DoubleDataFieldNumber, TensorProto.Uint64DataFieldNumber]);
        Assert.Equal([1, 2, 3], [ValueInfoProto.NameFieldNumber, ValueInfoProto.TypeFieldNumber, ValueInfoProto.DocStringFieldNumber]);
        Assert.Equal([1, 6], [TypeProto.TensorTypeFieldNumber, TypeProto.DenotationFieldNumber]);
        Assert.Equal([1, 2], [TypeProto.Types.Tensor.ElemTypeFieldNumber, TypeProto.Types.Tensor.ShapeFieldNumber]);
        Assert.Equal(1, TensorShapeProto.DimFieldNumber);
        Assert.Equal(
            [1, 2, 3],
            [TensorShapeProto.Types.Dimension.DimValueFieldNumber, TensorShapeProto.Types.Dimension.DimParamFieldNumber,
             TensorShapeProto.Types.Dimension.DenotationFieldNumber]);
        Assert.Equal([1, 2], [OperatorSetIdProto.DomainFieldNumber, OperatorSetIdProto.VersionFieldNumber]);
        Assert.Equal([1, 2], [StringStringEntryProto.KeyFieldNumber, StringStringEntryProto.ValueFieldNumber]);
    }

    [Fact]
    public void Enum_values_match_the_official_onnx_proto()
    {
        Assert.Equal(1, (int)TensorProto.Types.DataType.Float);
        Assert.Equal(7, (int)TensorProto.Types.DataType.Int64);
        Assert.Equal(8, (int)TensorProto.Types.DataType.String);
        Assert.Equal(9, (int)TensorProto.Types.DataType.Bool);
        Assert.Equal(16, (int)TensorProto.Types.DataType.Bfloat16);
        Assert.Equal((int)TensorProto.Types.DataType.Float, (int)TensorElementType.Float);
        Assert.Equal((int)TensorProto.Types.DataType.Int64, (int)TensorElementType.Int64);
        Assert.Equal((int)TensorProto.Types.DataType.String, (int)TensorElementType.String);
        Assert.Equal((int)TensorProto.Types.DataType.Bool, (int)TensorElementType.Bool);
        Assert.Equal(
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            new[]
            {
                AttributeProto.Types.AttributeType.Undefined, AttributeProto.Types.AttributeType.Float,
                AttributeProto.Types.AttributeType.Int, AttributeProto.Types.AttributeType.String,
                AttributeProto.Types.AttributeType.Tensor, AttributeProto.Types.AttributeType.Graph,
                AttributeProto.Types.AttributeType.Floats, AttributeProto.Types.AttributeType.Ints,
                AttributeProto.Types.AttributeType.Strings, AttributeProto.Types.AttributeType.Tensors,
                AttributeProto.Types.AttributeType.Graphs, AttributeProto.Types.AttributeType.SparseTensor,
                AttributeProto.Types.AttributeType.SparseTensors,
            }.Select(t => (int)t));
    }

    [Fact]
    public void Zero_valued_attributes_are_still_written_because_presence_is_explicit()
    {
        // proto2 semantics: an attribute f = 0 must reach the wire (tag 0x15 = field 2, fixed32).
        var bytes = OnnxAttribute.Float("alpha", 0f).ToByteArray();
        Assert.Contains((byte)0x15, bytes);
        Assert.Equal(new byte[] { 0x0A, 0x00, 0x10, 0x11 }, new OperatorSetIdProto { Domain = "", Version = 17 }.ToByteArray());
    }
}
