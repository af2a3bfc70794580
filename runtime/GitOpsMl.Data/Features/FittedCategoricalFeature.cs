using System.Text.Json.Serialization;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Features;

/// <summary>
/// A category or string column. Per row: v = raw (null or "" is missing); if <see cref="Impute"/>
/// is set, a missing v becomes its Fill; then <see cref="Encoding"/> sets one slot (or none). If
/// the impute step has Indicator, "&lt;column&gt;__missing" = 1 when the RAW value was missing.
/// </summary>
public sealed record FittedCategoricalFeature : FittedFeature
{
    public CategoricalImputeStep? Impute { get; init; }

    public required CategoricalEncoding Encoding { get; init; }

    [JsonIgnore]
    public override IReadOnlyList<string> OutputNames
    {
        get
        {
            var names = Encoding.OutputNames(Column).ToList();
            if (Impute?.Indicator == true)
            {
                names.Add(Column + MissingSuffix);
            }
            return names;
        }
    }

    internal override void Write(TableColumn column, float[] matrix, int width, int offset)
    {
        if (column is not StringColumn strings)
        {
            throw new ArgumentException($"Feature '{Column}' is categorical but the table's column is {column.Type}.");
        }
        var lookup = Encoding.BuildLookup();
        var indicator = Impute?.Indicator == true;
        var indicatorOffset = offset + Encoding.Width;
        for (var row = 0; row < strings.Length; row++)
        {
            var raw = strings.Values[row];
            var value = Impute is null ? raw : Impute.Apply(raw);
            var slot = Encoding.Slot(value, lookup);
            var at = row * width;
            if (slot >= 0)
            {
                matrix[at + offset + slot] = 1f;
            }
            if (indicator)
            {
                matrix[at + indicatorOffset] = string.IsNullOrEmpty(raw) ? 1f : 0f;
            }
        }
    }
}
