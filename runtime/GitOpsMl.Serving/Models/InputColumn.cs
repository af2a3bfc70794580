using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Serving.Models;

/// <summary>
/// A raw input column of model.onnx, by its manifest kind (<see cref="BundleInput"/>): numeric →
/// FP32 [N,1] (missing = NaN), bool → BOOL [N,1] (also numbers 1/0 and the data readers' text
/// spellings; the graph gets FP32 1/0, missing = NaN), categorical → BYTES [N,1] (missing = ""),
/// timestamp → BYTES [N,1] timestamp text (missing = "" or null), parsed by the server into the
/// graph's float64 Unix seconds.
/// </summary>
public sealed record InputColumn(string Name, string Kind, int Index)
{
    /// <summary>The graph takes FP32 values: numeric and bool columns (a bool arrives as 1/0), counted alike by statistics.</summary>
    public bool IsNumeric => Kind is BundleInput.Numeric or BundleInput.Bool;

    public bool IsBool => Kind == BundleInput.Bool;

    public bool IsTimestamp => Kind == BundleInput.Timestamp;

    public bool IsCategorical => Kind == BundleInput.Categorical;

    /// <summary>The datatype the model's metadata advertises.</summary>
    public string Datatype => IsBool ? "BOOL" : IsNumeric ? "FP32" : "BYTES";

    /// <summary>What a request must send for this column, in words.</summary>
    public string Expected => Kind switch
    {
        BundleInput.Numeric => "a number, or null for missing",
        BundleInput.Bool => $"true or false, 1 or 0, or the text {BoolText.Spellings}; null or \"\" for missing",
        BundleInput.Timestamp => "a timestamp such as \"2024-03-01T08:30:00Z\" (no offset = UTC), or null for missing",
        _ => "a string (an integer is taken as its text, for integer codes), or null for missing",
    };
}
