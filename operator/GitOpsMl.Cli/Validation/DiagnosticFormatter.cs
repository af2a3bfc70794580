using System.Text.Json;
using GitOpsMl.Api.Validation;

namespace GitOpsMl.Cli.Validation;

/// <summary>The three output formats of `gitopsml validate`: text for people, json for tools, github for Actions annotations.</summary>
public static class DiagnosticFormatter
{
    public static void WriteText(TextWriter w, ValidationReport r)
    {
        foreach (var d in r.Diagnostics) w.WriteLine(d.ToString());
        w.WriteLine(Summary(r));
    }

    public static void WriteGitHub(TextWriter w, ValidationReport r)
    {
        foreach (var d in r.Diagnostics)
        {
            var level = d.Severity switch { DiagnosticSeverity.Error => "error", DiagnosticSeverity.Warning => "warning", _ => "notice" };
            var title = d.ObjectRef is null ? "gitopsml validate" : $"{d.ObjectRef}";
            var message = d.FieldPath.Length > 0 ? $"{d.FieldPath}: {d.Message}" : d.Message;
            w.WriteLine($"::{level} file={Property(d.File)},line={d.Line},col={d.Column},title={Property(title)}::{Data(message)}");
        }
        w.WriteLine(Summary(r));
    }

    public static void WriteJson(TextWriter w, ValidationReport r)
    {
        var doc = new
        {
            valid = r.IsValid,
            files = r.Files,
            objects = r.Objects.Count,
            errors = r.ErrorCount,
            diagnostics = r.Diagnostics.Select(d => new
            {
                file = d.File, line = d.Line, column = d.Column, @object = d.ObjectRef, field = d.FieldPath,
                message = d.Message, severity = d.Severity.ToString().ToLowerInvariant(),
            }),
        };
        w.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
    }

    public static string Summary(ValidationReport r)
    {
        var warnings = r.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        var verdict = r.IsValid ? "valid" : "invalid";
        return $"{verdict}: {r.Files} file(s), {r.Objects.Count} GitOpsMl object(s), {r.ErrorCount} error(s), {warnings} warning(s)";
    }

    // GitHub workflow commands escape %, CR and LF in data, and also : and , in properties.
    private static string Data(string s) => s.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    private static string Property(string s) => Data(s).Replace(":", "%3A").Replace(",", "%2C");
}
