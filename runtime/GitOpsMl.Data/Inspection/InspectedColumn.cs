using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Inspection;

/// <summary>
/// One column as read: the schema type it would need, how many cells were missing, how many
/// distinct values it had (<see cref="DistinctIsLowerBound"/>: at least that many) and a few of them.
/// </summary>
public sealed record InspectedColumn(
    string Name,
    ColumnType Type,
    long NullCount,
    long ValueCount,
    int DistinctCount,
    bool DistinctIsLowerBound,
    IReadOnlyList<string> Examples);
