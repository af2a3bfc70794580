namespace GitOpsMl.Api.Validation;

public sealed record ValidationReport(
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyList<ManifestObject> Objects,
    int Files,
    int Documents)
{
    public int ErrorCount => Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
    public bool IsValid => ErrorCount == 0;
}
