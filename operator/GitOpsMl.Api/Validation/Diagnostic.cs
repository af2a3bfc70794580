namespace GitOpsMl.Api.Validation;

public enum DiagnosticSeverity { Error, Warning, Note }

/// <summary>
/// One problem found in a manifest, located precisely enough for a person (and a GitHub
/// annotation) to jump to it: file, line, column, the object and the field path.
/// </summary>
public sealed record Diagnostic(
    string File,
    int Line,
    int Column,
    string? ObjectRef,
    string FieldPath,
    string Message,
    DiagnosticSeverity Severity = DiagnosticSeverity.Error)
{
    /// <summary>`file:line:column: Kind/name: field.path: message`, the line format of `gitopsml validate`.</summary>
    public override string ToString()
    {
        var parts = new List<string> { $"{File}:{Line}:{Column}" };
        if (Severity != DiagnosticSeverity.Error) parts.Add(Severity.ToString().ToLowerInvariant());
        if (ObjectRef is not null) parts.Add(ObjectRef);
        if (FieldPath.Length > 0) parts.Add(FieldPath);
        parts.Add(Message);
        return string.Join(": ", parts);
    }
}
