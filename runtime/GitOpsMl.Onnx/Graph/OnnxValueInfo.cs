using GitOpsMl.Onnx.Proto;

namespace GitOpsMl.Onnx;

/// <summary>Creates graph input/output declarations whose first dimension is a symbolic batch size.</summary>
internal static class OnnxValueInfo
{
    public static ValueInfoProto Batched(string name, TensorElementType type, string batchDim, IReadOnlyList<long> featureDims)
    {
        var shape = new TensorShapeProto();
        // A named (not fixed) first dimension lets one model serve batch 1 and batch 10 000 alike.
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batchDim });
        foreach (var dim in featureDims)
        {
            if (dim <= 0)
            {
                throw new ArgumentException($"Value '{name}' has non-positive feature dimension {dim}.", nameof(featureDims));
            }
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
