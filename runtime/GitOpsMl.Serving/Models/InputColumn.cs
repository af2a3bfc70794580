using GitOpsMl.Api.Bundles;

namespace GitOpsMl.Serving.Models;

/// <summary>
/// A raw input column of model.onnx, by its manifest kind (<see cref="BundleInput"/>): numeric →
/// FP32 [N,1] (missing = NaN), categorical → BYTES [N,1] (missing = ""), timestamp → BYTES [N,1]
/// timestamp text (missing = "" or null), parsed by the server into the graph's float64 Unix seconds.
/// </summary>
public sealed record InputColumn(string Name, string Kind, int Index)
{
    public bool IsNumeric => Kind == BundleInput.Numeric;

    public bool IsTimestamp => Kind == BundleInput.Timestamp;

    public string Datatype => IsNumeric ? "FP32" : "BYTES";

    /// <summary>What a request must send for this column, in words.</summary>
    public string Expected => Kind switch
    {
        BundleInput.Numeric => "a number, or null for missing",
        BundleInput.Timestamp => "a timestamp such as \"2024-03-01T08:30:00Z\" (no offset = UTC), or null for missing",
        _ => "a string, or null for missing",
    };
}
