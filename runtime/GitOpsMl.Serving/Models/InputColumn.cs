namespace GitOpsMl.Serving.Models;

/// <summary>A raw input column of model.onnx: numeric → FP32 [N,1] (missing = NaN), categorical → BYTES [N,1] (missing = "").</summary>
public sealed record InputColumn(string Name, bool IsNumeric, int Index)
{
    public string Datatype => IsNumeric ? "FP32" : "BYTES";
}
