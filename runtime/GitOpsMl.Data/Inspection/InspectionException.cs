namespace GitOpsMl.Data.Inspection;

/// <summary>The file cannot be inspected as data (empty, no header, not Parquet, nested columns); the message names the file and why.</summary>
public sealed class InspectionException(string message, Exception? inner = null) : Exception(message, inner);
