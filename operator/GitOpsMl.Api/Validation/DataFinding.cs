namespace GitOpsMl.Api.Validation;

/// <summary>
/// A problem found in a Dataset's data by the I/O side of validate (the API project reads no files):
/// located in the data by its message ("data/x.csv:17: ..."), and in the manifest by <paramref name="Column"/>,
/// the schema column at fault, or null for the file as a whole (reported at spec.source.path).
/// </summary>
public sealed record DataFinding(string? Column, string Message, DiagnosticSeverity Severity = DiagnosticSeverity.Error);
