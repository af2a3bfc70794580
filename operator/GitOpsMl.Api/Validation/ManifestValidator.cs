using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Manifests;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Validation;

/// <summary>
/// `gitopsml validate` without the I/O: bytes of manifest files in, every problem out. Loads
/// each document safely, checks GitOpsMl objects against their schema, then checks the set
/// as a whole (references, columns, metrics).
/// </summary>
public static class ManifestValidator
{
    private static readonly string[] TopLevelFields = ["apiVersion", "kind", "metadata", "spec", "status"];
    private static readonly string[] UserMetadataFields = ["name", "namespace", "labels", "annotations"];
    private static readonly string[] ServerMetadataFields =
        ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "managedFields", "selfLink", "ownerReferences", "finalizers", "deletionGracePeriodSeconds"];

    public static ValidationReport Validate(IEnumerable<ManifestFile> files, ValidationContext? context = null)
    {
        var diagnostics = new List<Diagnostic>();
        var objects = new List<ManifestObject>();
        var invalid = new List<InvalidManifestObject>();
        int fileCount = 0, documentCount = 0;
        foreach (var file in files)
        {
            fileCount++;
            var loaded = file.SizeOnDisk is { } size && size > ManifestLoadLimits.Default.MaxFileBytes
                ? ManifestLoader.TooLarge(file.DisplayName, size)
                : ManifestLoader.Load(file.DisplayName, file.Bytes);
            diagnostics.AddRange(loaded.Errors.Select(e => new Diagnostic(file.DisplayName, e.Mark.Line, e.Mark.Column, null, "", e.Message)));
            foreach (var doc in loaded.Documents)
            {
                if (doc.Root is null) continue;
                documentCount++;
                if (ReadObject(file.DisplayName, doc, diagnostics, invalid) is { } obj) objects.Add(obj);
            }
        }
        diagnostics.AddRange(ManifestSetValidator.Validate(objects, context ?? new ValidationContext(), invalid));
        var sorted = diagnostics
            .OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column)
            .ToList();
        return new ValidationReport(sorted, objects, fileCount, documentCount);
    }

    private static ManifestObject? ReadObject(string file, LoadedDocument doc, List<Diagnostic> diagnostics, List<InvalidManifestObject> invalid)
    {
        if (doc.Root is not MappingNode root)
        {
            diagnostics.Add(new Diagnostic(file, doc.Root!.Start.Line, doc.Root.Start.Column, null, "",
                $"expected a Kubernetes object (a mapping with apiVersion and kind), got {SchemaValidator.Describe(doc.Root)}"));
            return null;
        }
        var apiVersion = (root.GetValueOrDefault("apiVersion") as ScalarNode)?.Value;
        var kindName = (root.GetValueOrDefault("kind") as ScalarNode)?.Value;
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kindName))
        {
            var missing = string.IsNullOrEmpty(apiVersion) ? "apiVersion" : "kind";
            diagnostics.Add(new Diagnostic(file, root.Start.Line, root.Start.Column, null, missing,
                $"required field \"{missing}\" is missing; every Kubernetes object names its apiVersion and kind"));
            return null;
        }
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        if (group != ApiGroup.Group)
        {
            diagnostics.Add(new Diagnostic(file, root.Start.Line, root.Start.Column, $"{kindName}/{NameOf(root) ?? "?"}", "",
                $"skipped: {apiVersion} is not a GitOpsMl API", DiagnosticSeverity.Note));
            return null;
        }
        var objectRef = $"{kindName}/{NameOf(root) ?? "?"}";
        if (apiVersion != ApiGroup.ApiVersion)
        {
            Add(diagnostics, file, root.GetValueOrDefault("apiVersion")!, objectRef, "apiVersion",
                $"\"{apiVersion}\" is not served; this release of GitOpsMl serves {ApiGroup.ApiVersion}");
            return null;
        }
        var kind = KindRegistry.Find(kindName);
        if (kind is null)
        {
            Add(diagnostics, file, root.GetValueOrDefault("kind")!, objectRef, "kind",
                $"unknown kind \"{kindName}\" in {ApiGroup.Group}{Suggestions.DidYouMean(kindName, KindRegistry.All.Select(k => k.Kind))}");
            return null;
        }
        if (kind.Names.OperatorOwned)
        {
            Add(diagnostics, file, root.GetValueOrDefault("kind")!, objectRef, "kind",
                $"{kind.Kind} objects are created by the operator from successful training runs, never committed by users; register a version by adding a TrainingJob");
            return null;
        }

        var before = diagnostics.Count;
        foreach (var (key, _) in root.Entries.Where(e => !TopLevelFields.Contains(e.Key.Value)))
            Add(diagnostics, file, key, objectRef, key.Value, $"unknown field \"{UserText.Shorten(key.Value)}\"{Suggestions.DidYouMean(key.Value, TopLevelFields)}");
        CheckMetadata(file, root, objectRef, diagnostics);
        if (root.GetValueOrDefault("status") is { } status and not ScalarNode { Kind: ScalarKind.Null })
            Add(diagnostics, file, status, objectRef, "status", "ignored: status is written by the operator, not by manifests", DiagnosticSeverity.Warning);

        var marks = new Dictionary<string, SourceMark>();
        if (root.GetValueOrDefault("spec") is not { } spec || spec is ScalarNode { Kind: ScalarKind.Null })
        {
            Add(diagnostics, file, root, objectRef, "spec", "required field \"spec\" is missing");
        }
        else
        {
            var result = SchemaValidator.Validate(file, objectRef, spec, kind.Schema.Properties!["spec"], "spec");
            diagnostics.AddRange(result.Diagnostics);
            foreach (var (k, v) in result.Marks) marks[k] = v;
        }
        if (diagnostics.Skip(before).Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // Still part of the set: what refers to it learns it is invalid, and its own references are checked.
            if (InvalidManifestObject.Read(file, kind.Kind, root) is { } partial) invalid.Add(partial);
            return null;
        }

        var withoutStatus = new MappingNode(root.Start, root.Entries.Where(e => e.Key.Value != "status").ToList());
        var resource = (CustomResource?)ManifestNodeJson.ToJsonNode(withoutStatus).Deserialize(kind.ClrType, ApiJson.Options);
        if (root.GetValueOrDefault("metadata") is MappingNode md)
        {
            marks["metadata"] = md.Start;
            if (md.GetValueOrDefault("name") is { } n) marks["metadata.name"] = n.Start;
        }
        return resource is null ? null : new ManifestObject(file, doc.Index, kind, resource, root.Start, marks);
    }

    private static void CheckMetadata(string file, MappingNode root, string objectRef, List<Diagnostic> diagnostics)
    {
        if (root.GetValueOrDefault("metadata") is not MappingNode metadata)
        {
            Add(diagnostics, file, root.GetValueOrDefault("metadata") ?? root, objectRef, "metadata", "required: metadata with a name");
            return;
        }
        foreach (var (key, value) in metadata.Entries)
        {
            var path = "metadata." + key.Value;
            if (key.Value == "generateName")
                Add(diagnostics, file, key, objectRef, path, "generateName is not supported: GitOps needs a stable name, set metadata.name");
            else if (ServerMetadataFields.Contains(key.Value))
                Add(diagnostics, file, key, objectRef, path, "ignored: set by the API server (was this copied from kubectl get -o yaml?)", DiagnosticSeverity.Warning);
            else if (!UserMetadataFields.Contains(key.Value))
                Add(diagnostics, file, key, objectRef, path, $"unknown field \"{UserText.Shorten(key.Value)}\"{Suggestions.DidYouMean(key.Value, UserMetadataFields)}");
            else if (key.Value is "labels" or "annotations")
                CheckStringMap(file, value, objectRef, path, diagnostics);
            else if (value is not ScalarNode { Kind: ScalarKind.String } s)
                Add(diagnostics, file, value, objectRef, path, $"expected a string, got {SchemaValidator.Describe(value)}");
            else if (!DnsLabel.IsValid(s.Value))
                Add(diagnostics, file, value, objectRef, path, $"\"{UserText.Shorten(s.Value)}\" is not {Patterns.Dns1123Expected}");
        }
        // A generateName already got its error, which says to set metadata.name: one mistake, one line.
        if (metadata.GetValueOrDefault("name") is null && metadata.GetValueOrDefault("generateName") is null)
            Add(diagnostics, file, metadata, objectRef, "metadata.name", "required field \"name\" is missing");
    }

    private static void CheckStringMap(string file, ManifestNode node, string objectRef, string path, List<Diagnostic> diagnostics)
    {
        if (node is ScalarNode { Kind: ScalarKind.Null }) return;
        if (node is not MappingNode map)
        {
            Add(diagnostics, file, node, objectRef, path, $"expected a map of strings, got {SchemaValidator.Describe(node)}");
            return;
        }
        foreach (var (key, value) in map.Entries)
        {
            if (value is not ScalarNode { Kind: ScalarKind.String } s)
                Add(diagnostics, file, value, objectRef, $"{path}[\"{key.Value}\"]", $"expected a string, got {SchemaValidator.Describe(value)} (quote it)");
            else if (s.IsYaml11Boolean)
                Add(diagnostics, file, value, objectRef, $"{path}[\"{key.Value}\"]", SchemaValidator.Yaml11BooleanMessage(s.Value), DiagnosticSeverity.Warning);
        }
    }

    private static string? NameOf(MappingNode root) =>
        ((root.GetValueOrDefault("metadata") as MappingNode)?.GetValueOrDefault("name") as ScalarNode)?.Value is { } n ? UserText.Shorten(n) : null;

    private static void Add(List<Diagnostic> diagnostics, string file, ManifestNode at, string objectRef, string path, string message,
        DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        diagnostics.Add(new Diagnostic(file, at.Start.Line, at.Start.Column, objectRef, path, message, severity));
}
