using System.Text.Json.Serialization;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Features;

/// <summary>One input column's fitted transforms and the output columns it contributes, in order.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(FittedNumericFeature), "numeric")]
[JsonDerivedType(typeof(FittedCategoricalFeature), "categorical")]
[JsonDerivedType(typeof(FittedDatetimeFeature), "datetime")]
public abstract record FittedFeature
{
    /// <summary>Suffix of the 0/1 "value was missing" output of an impute step with indicator.</summary>
    public const string MissingSuffix = "__missing";

    // Column and type first in JSON, before the kind-specific fields, so the file reads top-down.
    [JsonPropertyOrder(-2)]
    public required string Column { get; init; }

    /// <summary>The schema type the feature was fitted on.</summary>
    [JsonPropertyOrder(-1)]
    public required ColumnType ColumnType { get; init; }

    [JsonIgnore]
    public abstract IReadOnlyList<string> OutputNames { get; }

    [JsonIgnore]
    public int Width => OutputNames.Count;

    /// <summary>Writes this feature's outputs for every row into a row-major matrix at column <paramref name="offset"/>.</summary>
    internal abstract void Write(TableColumn column, float[] matrix, int width, int offset);
}
