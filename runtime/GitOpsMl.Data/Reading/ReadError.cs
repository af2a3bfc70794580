using GitOpsMl.Data.Validation;

namespace GitOpsMl.Data.Reading;

/// <summary>
/// A problem found while reading a cell or record: the reader keeps going (the cell becomes
/// missing) and leaves it to <see cref="SchemaValidator"/> to count, report and drop the row.
/// </summary>
/// <param name="Row">0-based index of the row in the table that was read.</param>
/// <param name="Column">The column, or null when the whole record is at fault.</param>
/// <param name="Value">The offending text as it was in the file, when there is one.</param>
public sealed record ReadError(int Row, string? Column, string? Value, ViolationKind Kind, string Message);
