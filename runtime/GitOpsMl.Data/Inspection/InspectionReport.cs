using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Inspection;

/// <summary>
/// What `gitopsml inspect` found in a file. <see cref="RowsRead"/> rows were read; when
/// <see cref="Truncated"/>, the file has more (<see cref="TotalRows"/> when the format says how
/// many) and every figure describes the rows read only. <see cref="Notes"/> are things a user
/// must know before trusting the columns (encoding, ragged rows, unusable names).
/// </summary>
public sealed record InspectionReport(
    string Path,
    DataFormat Format,
    char? Delimiter,
    IReadOnlyList<InspectedColumn> Columns,
    long RowsRead,
    bool Truncated,
    long? TotalRows,
    IReadOnlyList<string> Notes)
{
    /// <summary>CSV values were read trimmed of surrounding spaces (the Dataset needs csv.trimSpaces: true).</summary>
    public bool TrimSpaces { get; init; }
}
