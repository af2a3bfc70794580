namespace GitOpsMl.Api.Schema;

/// <summary>A kind or field path that does not exist; the message names what does exist at that level.</summary>
public sealed class FieldLookupException(string message) : Exception(message);
