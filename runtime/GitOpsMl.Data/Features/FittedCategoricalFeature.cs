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
        var strings = Strings(column);
        var slots = Slots(strings);
        var indicator = Impute?.Indicator == true;
        var indicatorOffset = offset + Encoding.Width;
        for (var row = 0; row < slots.Length; row++)
        {
            var at = row * width;
            if (slots[row] >= 0)
            {
                matrix[at + offset + slots[row]] = 1f;
            }
            if (indicator)
            {
                matrix[at + indicatorOffset] = string.IsNullOrEmpty(strings.Values[row]) ? 1f : 0f;
            }
        }
    }

    /// <summary>
    /// The compact form of <see cref="Write"/>: per row, the output column (<paramref name="offset"/> + slot) the
    /// encoding sets to 1, or -1, into <paramref name="hot"/> at block <paramref name="block"/> of
    /// <paramref name="blocks"/>; and, with a missing indicator, its 0/1 value into <paramref name="dense"/> at
    /// column <paramref name="denseIndex"/> of <paramref name="denseWidth"/>.
    /// </summary>
    internal void WriteCompact(TableColumn column, int offset, int[] hot, int blocks, int block, float[] dense, int denseWidth, int denseIndex)
    {
        var strings = Strings(column);
        var slots = Slots(strings);
        var indicator = Impute?.Indicator == true;
        for (var row = 0; row < slots.Length; row++)
        {
            hot[row * blocks + block] = slots[row] >= 0 ? offset + slots[row] : -1;
            if (indicator)
            {
                dense[row * denseWidth + denseIndex] = string.IsNullOrEmpty(strings.Values[row]) ? 1f : 0f;
            }
        }
    }

    private StringColumn Strings(TableColumn column) =>
        column as StringColumn ?? throw new ArgumentException($"Feature '{Column}' is categorical but the table's column is {column.Type}.");

    /// <summary>Per row, the encoding's slot after imputation, or -1 for an all-zero block.</summary>
    private int[] Slots(StringColumn strings)
    {
        var lookup = Encoding.BuildLookup();
        var slots = new int[strings.Length];
        for (var row = 0; row < slots.Length; row++)
        {
            var raw = strings.Values[row];
            slots[row] = Encoding.Slot(Impute is null ? raw : Impute.Apply(raw), lookup);
        }
        return slots;
    }
}
