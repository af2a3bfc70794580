namespace GitOpsMl.Serving.Protocol;

/// <summary>Open Inference Protocol tensor datatypes the server speaks.</summary>
public static class Datatypes
{
    public const string Fp32 = "FP32";
    public const string Bytes = "BYTES";

    /// <summary>All datatypes of the protocol, to tell "unsupported" from "unknown".</summary>
    public static readonly HashSet<string> Known =
        ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES", "BF16"];
}
