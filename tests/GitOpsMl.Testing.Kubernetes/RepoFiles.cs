using System.Text;
using System.Text.Json.Nodes;
using GitOpsMl.Api.Manifests;

namespace GitOpsMl.Testing.Kubernetes;

/// <summary>Files of the repository (shared by the test projects that need the CRDs and examples), found from the test's output folder, and YAML read as JSON the way the CLI reads it.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    public static IReadOnlyList<string> CrdFiles() =>
        Directory.EnumerateFiles(Combine("crds"), "*.yaml").Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> ExampleManifests() =>
        Directory.EnumerateFiles(Combine("examples"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every document of a YAML file (or text), as JSON objects.</summary>
    public static IReadOnlyList<JsonObject> Documents(string displayName, string yaml)
    {
        var result = ManifestLoader.Load(displayName, Encoding.UTF8.GetBytes(yaml));
        Assert.True(result.Success, string.Join("\n", result.FormatErrors()));
        return result.Documents.Where(d => d.Root is not null).Select(d => (JsonObject)ManifestNodeJson.ToJsonNode(d.Root!)!).ToList();
    }

    public static IReadOnlyList<JsonObject> DocumentsOf(string path) =>
        Documents(Path.GetRelativePath(Root, path), File.ReadAllText(path));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsMl.sln"))) return dir.FullName;
        throw new InvalidOperationException("GitOpsMl.sln not found above " + AppContext.BaseDirectory);
    }
}
