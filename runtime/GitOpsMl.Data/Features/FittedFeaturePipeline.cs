using System.Text.Json;
using System.Text.Json.Serialization;
using GitOpsMl.Api.Common;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Features;

/// <summary>
/// The fitted feature transforms of a FeatureSet: a plain record tree that serializes with
/// <see cref="ApiJson"/> and holds every constant, so the ONNX exporter and any later reader
/// reproduce <see cref="Transform"/> without refitting. Output columns are the features' outputs
/// concatenated in <see cref="Features"/> order (the spec's order).
/// </summary>
public sealed record FittedFeaturePipeline
{
    /// <summary>Bumped when the meaning of a fitted field changes, so old bundles are recognised.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required IReadOnlyList<FittedFeature> Features { get; init; }

    [JsonIgnore]
    public IReadOnlyList<string> OutputNames => Features.SelectMany(f => f.OutputNames).ToArray();

    [JsonIgnore]
    public int Width => Features.Sum(f => f.Width);

    /// <summary>Applies the fitted transforms to every row of <paramref name="table"/>, which must hold each feature column with its fitted kind.</summary>
    public FeatureMatrix Transform(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var width = Width;
        var matrix = new float[checked(table.RowCount * width)];
        var offset = 0;
        foreach (var feature in Features)
        {
            if (!table.TryGetColumn(feature.Column, out var column))
            {
                throw new ArgumentException($"The table has no column '{feature.Column}', which the feature pipeline needs.", nameof(table));
            }
            feature.Write(column, matrix, width, offset);
            offset += feature.Width;
        }
        return new FeatureMatrix(matrix, table.RowCount, width, OutputNames);
    }

    public string ToJson(bool indented = true) => JsonSerializer.Serialize(this, indented ? ApiJson.Indented : ApiJson.Options);

    public static FittedFeaturePipeline FromJson(string json) =>
        JsonSerializer.Deserialize<FittedFeaturePipeline>(json, ApiJson.Options)
        ?? throw new JsonException("The feature pipeline JSON is null.");
}
