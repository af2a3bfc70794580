using System.Globalization;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;

namespace GitOpsMl.Data.Inspection;

/// <summary>
/// Accumulates one column's cells: null and value counts, bounded distinct values and examples,
/// and which schema types every value seen so far could be (text is parsed exactly as the
/// readers parse it, with <see cref="CellParser"/>).
/// </summary>
public sealed class ColumnStatistics(string name, InspectionOptions options)
{
    private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);
    private readonly List<string> _examples = [];

    public string Name { get; } = name;
    public long Nulls { get; private set; }
    public long Values { get; private set; }
    public bool DistinctIsLowerBound { get; private set; }
    public int Distinct => _distinct.Count;
    public IReadOnlyList<string> Examples => _examples;

    /// <summary>Parquet's own type for the column when it is not text; text columns are inferred from their values.</summary>
    public ColumnType? PhysicalType { get; set; }

    public bool MayBeBool { get; private set; } = true;

    /// <summary>Every value is 0 or 1: read as int, though the bool parser accepts it.</summary>
    public bool OnlyZeroOne { get; private set; } = true;

    public bool MayBeInt { get; private set; } = true;
    public bool MayBeFloat { get; private set; } = true;
    public bool MayBeTimestamp { get; private set; } = true;

    public void AddNull() => Nulls++;

    /// <summary>A cell as text; empty text and the readers' null values count as missing.</summary>
    public void AddText(string text, IReadOnlySet<string> nullValues)
    {
        if (text.Length == 0 || nullValues.Contains(text))
        {
            Nulls++;
            return;
        }
        Values++;
        if (MayBeBool) MayBeBool = CellParser.TryParseBool(text, out _);
        if (OnlyZeroOne) OnlyZeroOne = text.Trim() is "0" or "1";
        if (MayBeInt) MayBeInt = long.TryParse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
        if (MayBeFloat) MayBeFloat = CellParser.TryParseFloat(text, out _);
        if (MayBeTimestamp) MayBeTimestamp = CellParser.TryParseTimestamp(text, out _);
        Remember(text);
    }

    /// <summary>A typed (Parquet) value, already known to be of <see cref="PhysicalType"/>.</summary>
    public void AddTyped(object value)
    {
        if (value is double d && double.IsNaN(d) || value is float f && float.IsNaN(f))
        {
            // The readers treat NaN as missing, never as a value.
            Nulls++;
            return;
        }
        Values++;
        Remember(CellParser.AsText(value));
    }

    private void Remember(string text)
    {
        if (_distinct.Count < options.MaxDistinct) _distinct.Add(text);
        else if (!_distinct.Contains(text)) DistinctIsLowerBound = true;
        if (_examples.Count < options.Examples && !_examples.Contains(text, StringComparer.Ordinal)) _examples.Add(text);
    }

    public InspectedColumn ToColumn() =>
        new(Name, ColumnTypeInference.Infer(this), Nulls, Values, Distinct, DistinctIsLowerBound, Examples.ToList());
}
