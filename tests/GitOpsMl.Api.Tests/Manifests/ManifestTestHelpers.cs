using System.Diagnostics;
using System.Text;
using GitOpsMl.Api.Manifests;

namespace GitOpsMl.Api.Tests.Manifests;

internal static class ManifestTestHelpers
{
    public const string FileName = "deploy/app.yaml";

    public static ManifestLoadResult Load(string yaml, ManifestLoadLimits? limits = null) =>
        ManifestLoader.Load(FileName, Encoding.UTF8.GetBytes(yaml), limits);

    /// <summary>Loads a file that must load cleanly, and returns its documents' roots.</summary>
    public static IReadOnlyList<LoadedDocument> LoadClean(string yaml)
    {
        var result = Load(yaml);
        Assert.True(result.Success, "unexpected errors:\n" + string.Join("\n", result.FormatErrors()));
        return result.Documents;
    }

    public static ManifestNode LoadRoot(string yaml)
    {
        var documents = LoadClean(yaml);
        var document = Assert.Single(documents);
        Assert.NotNull(document.Root);
        return document.Root;
    }

    public static ManifestLoadError SingleError(ManifestLoadResult result, ManifestLoadErrorKind kind)
    {
        var error = Assert.Single(result.Errors);
        Assert.True(error.Kind == kind, $"expected a {kind} error, got {error.Kind}: {error.Message}");
        return error;
    }

    public static ManifestNode Path(ManifestNode node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step switch
            {
                string key => Assert.IsType<MappingNode>(node).GetValueOrDefault(key) ?? throw new KeyNotFoundException(key),
                int index => Assert.IsType<SequenceNode>(node)[index],
                _ => throw new ArgumentException(step.ToString()),
            };
        }

        return node;
    }

    public static ScalarNode Scalar(ManifestNode node, params object[] path) => Assert.IsType<ScalarNode>(Path(node, path));

    /// <summary>Loads <paramref name="bytes"/> and measures wall time and bytes allocated on this thread.</summary>
    public static ManifestLoadResult LoadMeasured(byte[] bytes, out TimeSpan elapsed, out long allocatedBytes, ManifestLoadLimits? limits = null)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        var result = ManifestLoader.Load(FileName, bytes, limits);
        elapsed = stopwatch.Elapsed;
        allocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        return result;
    }
}
