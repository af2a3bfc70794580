namespace GitOpsMl.Onnx;

/// <summary>Operator-set domains and the versions GitOpsMl targets.</summary>
public static class OnnxOpsets
{
    /// <summary>The default ONNX operator domain (written as the empty string).</summary>
    public const string DefaultDomain = "";

    /// <summary>The classical-ML operator domain (LabelEncoder lives here).</summary>
    public const string MlDomain = "ai.onnx.ml";

    /// <summary>Opset 17: has Softmax(axis=-1) semantics of opset 13, Clip with min/max inputs, no Gelu yet.</summary>
    public const long DefaultVersion = 17;

    /// <summary>ai.onnx.ml opset 3: contains LabelEncoder-2 (keys_strings / values_int64s / default_int64).</summary>
    public const long MlVersion = 3;

    /// <summary>IR version 8 is the lowest that may import opset 17 (ONNX versioning table).</summary>
    public const long IrVersion = 8;
}
