using System.Text.Json.Nodes;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Crds.Tests;

/// <summary>Whole objects to send to the API server: the smallest valid one of each kind, and a fragment placed inside it.</summary>
public static class TestObjects
{
    /// <summary>The smallest spec of each kind a user can write (as in GitOpsMl.Api.Tests' MinimalObjectTests).</summary>
    public static IReadOnlyDictionary<string, string> MinimalSpecs { get; } = new Dictionary<string, string>
    {
        ["Dataset"] = "{source: {path: data/churn.csv}, schema: [{name: tenure, type: float}]}",
        ["FeatureSet"] = "{datasetRef: {name: churn}, label: {column: churned, task: binary}, features: [{column: tenure}]}",
        ["TrainingJob"] = "{featureSetRef: {name: churn}, modelRef: {name: churn}, algorithm: {linear: {}}}",
        ["Model"] = "{}",
        ["ModelVersion"] = "{modelRef: {name: churn}, version: 1, trainingJobRef: {name: churn}, task: binary, lineage: {}, " +
                           "artifact: {uri: s3://models/churn/1/model.onnx, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}}",
        ["Deployment"] = "{modelRef: {name: churn}}",
        ["Monitor"] = "{deploymentRef: {name: churn}}",
        ["GitSource"] = "{url: https://github.com/example/ml.git}",
    };

    public static JsonObject Minimal(KindRegistry.KindInfo kind, string name) => Wrap(kind, name, Yaml(MinimalSpecs[kind.Kind]));

    public static JsonObject Wrap(KindRegistry.KindInfo kind, string name, JsonObject spec) => new()
    {
        ["apiVersion"] = ApiGroup.ApiVersion,
        ["kind"] = kind.Kind,
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = spec,
    };

    public static JsonObject Yaml(string yaml) => RepoFiles.Documents("fragment.yaml", yaml).Single();

    /// <summary>
    /// Where objects of <paramref name="type"/> live in some kind's spec, e.g. (Deployment, "spec.rollout.canary")
    /// or (FeatureSet, "spec.features[0].transforms[0]").
    /// </summary>
    public static (KindRegistry.KindInfo Kind, string Path) PlaceOf(Type type)
    {
        foreach (var kind in KindRegistry.All)
            if (Find(kind.Schema.Properties!["spec"], "spec", type) is { } path) return (kind, path);
        throw new InvalidOperationException($"{type.Name} is in no kind's spec");
    }

    private static string? Find(SchemaNode node, string path, Type type)
    {
        if (node.ClrType == type) return path;
        foreach (var (name, child) in node.Properties ?? new Dictionary<string, SchemaNode>())
            if (Find(child, path + "." + name, type) is { } found) return found;
        return node.Items is null ? null : Find(node.Items, path + "[0]", type);
    }

    /// <summary>
    /// The minimal object of the kind with <paramref name="fragment"/> at <paramref name="path"/>: it
    /// replaces what is there, except at "spec" itself, where its fields are set over the minimal spec
    /// (which holds the required fields the fragment leaves out).
    /// </summary>
    public static JsonObject With(KindRegistry.KindInfo kind, string name, string path, JsonObject fragment)
    {
        var root = Minimal(kind, name);
        if (path == "spec")
        {
            foreach (var (key, value) in fragment) root["spec"]![key] = value?.DeepClone();
            return root;
        }
        var segments = path.Split('.');
        JsonObject target = root;
        foreach (var segment in segments[..^1])
        {
            var field = segment.Replace("[0]", "");
            if (segment.EndsWith("[0]"))
            {
                if (target[field] is not JsonArray list || list.Count == 0) target[field] = list = [new JsonObject()];
                target = (JsonObject)list[0]!;
            }
            else
            {
                if (target[field] is not JsonObject child) target[field] = child = [];
                target = child;
            }
        }
        var last = segments[^1];
        if (last.EndsWith("[0]")) target[last[..^3]] = new JsonArray(fragment.DeepClone());
        else target[last] = fragment.DeepClone();
        return root;
    }
}
