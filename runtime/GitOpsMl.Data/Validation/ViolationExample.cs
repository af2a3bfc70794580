namespace GitOpsMl.Data.Validation;

/// <summary>One offending cell or record, located so a person can open the file at it.</summary>
/// <param name="Row">The source row: CSV line where the record starts, or 1-based Parquet row.</param>
/// <param name="Column">The column, or null for a malformed record.</param>
/// <param name="Value">The offending value as text, when there is one.</param>
public sealed record ViolationExample(long Row, string? Column, string? Value, string Message);
