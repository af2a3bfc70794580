namespace GitOpsMl.Data.Reading;

/// <summary>How a file's columns differ from the schema's: each list names columns, in file or schema order.</summary>
/// <param name="Missing">In the schema but not in the file.</param>
/// <param name="Extra">In the file but not in the schema.</param>
/// <param name="Duplicates">More than once in the file.</param>
public sealed record ColumnMismatch(IReadOnlyList<string> Missing, IReadOnlyList<string> Extra, IReadOnlyList<string> Duplicates);
