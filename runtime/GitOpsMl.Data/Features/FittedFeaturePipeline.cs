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
            feature.Write(ColumnOf(table, feature), matrix, width, offset);
            offset += feature.Width;
        }
        return new FeatureMatrix(matrix, table.RowCount, width, OutputNames);
    }

    /// <summary>
    /// The same features as <see cref="Transform"/>, in compact form: each categorical feature's one-hot block as one
    /// column index per row, every other output column dense. Memory is rows × (dense columns + categorical features)
    /// instead of rows × <see cref="Width"/>, so training memory does not grow with the vocabulary sizes.
    /// </summary>
    public EncodedFeatures Encode(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = table.RowCount;
        var denseColumns = new List<int>();
        var blocks = 0;
        var offset = 0;
        foreach (var feature in Features)
        {
            if (feature is FittedCategoricalFeature categorical)
            {
                blocks++;
                denseColumns.AddRange(Enumerable.Range(offset + categorical.Encoding.Width, feature.Width - categorical.Encoding.Width));
            }
            else
            {
                denseColumns.AddRange(Enumerable.Range(offset, feature.Width));
            }
            offset += feature.Width;
        }

        var denseWidth = denseColumns.Count;
        var dense = new float[checked(rows * denseWidth)];
        var hot = new int[checked(rows * blocks)];
        var block = 0;
        var denseIndex = 0;
        offset = 0;
        foreach (var feature in Features)
        {
            var column = ColumnOf(table, feature);
            if (feature is FittedCategoricalFeature categorical)
            {
                categorical.WriteCompact(column, offset, hot, blocks, block++, dense, denseWidth, denseIndex);
                denseIndex += feature.Width - categorical.Encoding.Width;
            }
            else
            {
                // One feature's few columns at a time, then interleaved into the dense rows.
                var part = new float[checked(rows * feature.Width)];
                feature.Write(column, part, feature.Width, 0);
                for (var r = 0; r < rows; r++)
                {
                    part.AsSpan(r * feature.Width, feature.Width).CopyTo(dense.AsSpan(r * denseWidth + denseIndex, feature.Width));
                }
                denseIndex += feature.Width;
            }
            offset += feature.Width;
        }
        return new EncodedFeatures(rows, offset, OutputNames, dense, denseColumns.ToArray(), hot, blocks);
    }

    private static TableColumn ColumnOf(Table table, FittedFeature feature) =>
        table.TryGetColumn(feature.Column, out var column)
            ? column
            : throw new ArgumentException($"The table has no column '{feature.Column}', which the feature pipeline needs.", nameof(table));

    public string ToJson(bool indented = true) => JsonSerializer.Serialize(this, indented ? ApiJson.Indented : ApiJson.Options);

    public static FittedFeaturePipeline FromJson(string json) =>
        JsonSerializer.Deserialize<FittedFeaturePipeline>(json, ApiJson.Options)
        ?? throw new JsonException("The feature pipeline JSON is null.");
}
