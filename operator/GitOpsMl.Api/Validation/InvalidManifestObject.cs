using GitOpsMl.Api.Common;
using GitOpsMl.Api.Manifests;

namespace GitOpsMl.Api.Validation;

/// <summary>
/// A GitOpsMl object that failed its schema but whose kind and name are known. It cannot be checked
/// field by field, yet it still takes part in the set: references to it say it is invalid instead of
/// "not found", and the references it writes are checked, so one run reports every problem.
/// </summary>
public sealed record InvalidManifestObject(string File, string Kind, ObjectKey Key, SourceMark Start, IReadOnlyList<WrittenReference> References)
{
    public string Ref => $"{Kind}/{Key.Name}";

    /// <summary>The reference fields each kind writes, as field path and target kind: the fields read from an invalid object.</summary>
    public static IReadOnlyDictionary<string, (string Path, string TargetKind)[]> ReferenceFields { get; } =
        new Dictionary<string, (string, string)[]>(StringComparer.Ordinal)
        {
            ["FeatureSet"] = [("spec.datasetRef", "Dataset")],
            ["TrainingJob"] = [("spec.featureSetRef", "FeatureSet"), ("spec.modelRef", "Model")],
            ["Deployment"] = [("spec.modelRef", "Model")],
            ["Monitor"] = [("spec.deploymentRef", "Deployment"), ("spec.actions.retrainJobRef", "TrainingJob")],
        };

    /// <summary>
    /// Reads what can be read of an object that failed its schema: its name (a string metadata.name,
    /// else null: nothing can refer to it) and each reference field whose name is a string.
    /// </summary>
    public static InvalidManifestObject? Read(string file, string kind, MappingNode root)
    {
        var metadata = root.GetValueOrDefault("metadata") as MappingNode;
        if (metadata?.GetValueOrDefault("name") is not ScalarNode { Kind: ScalarKind.String } name || name.Value.Length == 0) return null;
        var ns = (metadata.GetValueOrDefault("namespace") as ScalarNode)?.Value;
        var references = new List<WrittenReference>();
        foreach (var (path, target) in ReferenceFields.GetValueOrDefault(kind) ?? [])
        {
            if (At(root, path + ".name") is ScalarNode { Kind: ScalarKind.String } s && s.Value.Length > 0)
                references.Add(new WrittenReference(path + ".name", ObjectKey.For(target, ns, s.Value), s.Start));
        }
        return new InvalidManifestObject(file, kind, ObjectKey.For(kind, ns, name.Value), root.Start, references);
    }

    public Diagnostic Error(WrittenReference at, string message) =>
        new(File, at.Mark.Line, at.Mark.Column, Ref, at.FieldPath, message);

    private static ManifestNode? At(MappingNode root, string path)
    {
        ManifestNode? node = root;
        foreach (var part in path.Split('.'))
            node = (node as MappingNode)?.GetValueOrDefault(part);
        return node;
    }
}

