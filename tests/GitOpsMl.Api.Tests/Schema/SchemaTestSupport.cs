using System.Text;
using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Manifests;
using GitOpsMl.Api.Schema;
using GitOpsMl.Api.Validation;

namespace GitOpsMl.Api.Tests.Schema;

/// <summary>Loading YAML fragments and checking them against one kind's schema.</summary>
internal static class SchemaTestSupport
{
    public const string FileName = "fragment.yaml";

    /// <summary>The single document of <paramref name="yaml"/>, which must load cleanly.</summary>
    public static ManifestNode Load(string yaml)
    {
        var result = ManifestLoader.Load(FileName, Encoding.UTF8.GetBytes(yaml));
        Assert.True(result.Success, "the fragment does not load:\n" + string.Join("\n", result.FormatErrors()) + "\n" + yaml);
        var document = Assert.Single(result.Documents);
        Assert.NotNull(document.Root);
        return document.Root;
    }

    public static KindRegistry.KindInfo Kind(string kind) =>
        KindRegistry.Find(kind) ?? throw new ArgumentException($"no kind {kind}");

    /// <summary>Validates a spec written as YAML against the kind's spec schema (types, attributes and CEL twins).</summary>
    public static SchemaValidator.Result ValidateSpec(string kind, string specYaml) =>
        SchemaValidator.Validate(FileName, kind + "/test", Load(specYaml), Kind(kind).Schema.Properties!["spec"], "spec");

    /// <summary>The fragment deserialized into <paramref name="type"/> the way the validator does before it runs CEL twins.</summary>
    public static object Deserialize(string yaml, Type type) =>
        ManifestNodeJson.ToJsonNode(Load(yaml)).Deserialize(type, ApiJson.Options)
        ?? throw new InvalidOperationException("deserialized to null: " + yaml);

    public static string Lines(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Select(d => d.ToString()));

    /// <summary>Every object schema reachable from the spec of every kind, with its path ("Dataset spec.split").</summary>
    public static IEnumerable<(KindRegistry.KindInfo Kind, string Path, SchemaNode Node)> SpecObjects()
    {
        foreach (var kind in KindRegistry.All)
        {
            foreach (var found in Objects(kind.Schema.Properties!["spec"], "spec"))
                yield return (kind, found.Path, found.Node);
        }
    }

    private static IEnumerable<(string Path, SchemaNode Node)> Objects(SchemaNode node, string path)
    {
        if (node.Type == "object" && node.Properties is not null) yield return (path, node);
        foreach (var (name, child) in node.Properties ?? new Dictionary<string, SchemaNode>())
            foreach (var x in Objects(child, path + "." + name)) yield return x;
        if (node.Items is not null)
            foreach (var x in Objects(node.Items, path + "[0]")) yield return x;
        if (node.AdditionalProperties is not null)
            foreach (var x in Objects(node.AdditionalProperties, path + "[\"k\"]")) yield return x;
    }
}
