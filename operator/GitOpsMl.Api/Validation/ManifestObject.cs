using GitOpsMl.Api.Common;
using GitOpsMl.Api.Manifests;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Validation;

/// <summary>
/// A GitOpsMl object read from a manifest file that passed schema validation: the typed
/// object plus where each of its fields was written, so cross-object checks can point at
/// the exact line.
/// </summary>
public sealed record ManifestObject(
    string File,
    int DocumentIndex,
    KindRegistry.KindInfo Kind,
    CustomResource Resource,
    SourceMark Start,
    IReadOnlyDictionary<string, SourceMark> FieldMarks)
{
    public string Name => Resource.Metadata.Name;

    /// <summary>Objects without a namespace are treated as one namespace, "default", as kubectl would apply them.</summary>
    public string Namespace => Key.Namespace;

    public ObjectKey Key => ObjectKey.Of(Resource);

    public string Ref => $"{Kind.Kind}/{Name}";

    /// <summary>The position of a field path such as "spec.features[2].column", or of its nearest written parent.</summary>
    public SourceMark MarkOf(string fieldPath)
    {
        for (var p = fieldPath; p.Length > 0; p = Parent(p))
            if (FieldMarks.TryGetValue(p, out var m)) return m;
        return Start;
    }

    public Diagnostic Error(string fieldPath, string message)
    {
        var m = MarkOf(fieldPath);
        return new Diagnostic(File, m.Line, m.Column, Ref, fieldPath, message);
    }

    public Diagnostic Warning(string fieldPath, string message) =>
        Error(fieldPath, message) with { Severity = DiagnosticSeverity.Warning };

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
