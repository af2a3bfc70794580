using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Validation;

/// <summary>The rows that met the schema (invalid ones dropped, file order kept) and the report that says what was dropped.</summary>
public sealed record ValidatedDataset(Table Table, ValidationReport Report);
