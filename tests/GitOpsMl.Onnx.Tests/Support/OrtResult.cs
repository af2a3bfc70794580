namespace GitOpsMl.Onnx.Tests.Support;

/// <summary>One output tensor copied out of ONNX Runtime: flat row-major data plus its shape.</summary>
public sealed record OrtResult<T>(T[] Data, int[] Shape)
{
    public T At(int row, int column) => Data[row * Shape[1] + column];

    public T[] Row(int row) => Data.Skip(row * Shape[1]).Take(Shape[1]).ToArray();
}
