using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Inspection;

/// <summary>
/// The schema type a column's values call for, preferring the narrowest that holds every value:
/// bool (words such as true/no; a column of only 0 and 1 is int), int, float, timestamp, then
/// category for text with few distinct values and string for the rest. A column with no value
/// at all is string: nothing says otherwise.
/// </summary>
public static class ColumnTypeInference
{
    /// <summary>Most distinct values a category column is proposed with (one-hot widths beyond it hurt).</summary>
    public const int MaxCategoryValues = 1000;

    /// <summary>Up to this many distinct values, text that repeats at all (each value twice on average) is a category.</summary>
    public const int SmallCategory = 20;

    public static ColumnType Infer(ColumnStatistics s)
    {
        if (s.PhysicalType is { } physical) return physical;
        if (s.Values == 0) return ColumnType.String;
        if (s.MayBeBool && !s.OnlyZeroOne) return ColumnType.Bool;
        if (s.MayBeInt) return ColumnType.Int;
        if (s.MayBeFloat) return ColumnType.Float;
        if (s.MayBeTimestamp) return ColumnType.Timestamp;
        return IsCategory(s.Distinct, s.DistinctIsLowerBound, s.Values) ? ColumnType.Category : ColumnType.String;
    }

    /// <summary>Text repeats enough to be a category: a few values seen twice on average, or up to 1000 seen ten times on average.</summary>
    public static bool IsCategory(int distinct, bool lowerBound, long values) =>
        !lowerBound && distinct <= MaxCategoryValues && ((distinct <= SmallCategory && distinct * 2L <= values) || distinct * 10L <= values);
}
