using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Inspection;

/// <summary>How `gitopsml inspect` reads a file: the format (null: by extension and magic bytes), the CSV delimiter and how many rows at most.</summary>
public sealed record InspectionOptions
{
    /// <summary>Rows read by default: enough to see the types, bounded so a multi-gigabyte file answers in seconds.</summary>
    public const int DefaultMaxRows = 100_000;

    public DataFormat? Format { get; init; }
    public char? Delimiter { get; init; }

    /// <summary>Whether CSV values are trimmed of spaces (csv.trimSpaces); null: decided from the data.</summary>
    public bool? TrimSpaces { get; init; }
    public int MaxRows { get; init; } = DefaultMaxRows;

    /// <summary>Example values kept per column (the first distinct ones seen).</summary>
    public int Examples { get; init; } = 5;

    /// <summary>Distinct values tracked per column; beyond it the count is reported as "at least".</summary>
    public int MaxDistinct { get; init; } = 10_000;
}
