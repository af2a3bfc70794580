using GitOpsMl.Controllers.Execution;

namespace GitOpsMl.Local.Execution;

/// <summary>Bundles are folders under the state directory's artifacts; retention deletes only inside it.</summary>
public sealed class LocalArtifactStore(string artifactsRoot) : IArtifactStore
{
    public Task DeleteAsync(string uri, CancellationToken ct = default)
    {
        var path = Path.GetFullPath(new Uri(uri).LocalPath);
        var root = Path.GetFullPath(artifactsRoot).TrimEnd('/') + "/";
        if (!path.StartsWith(root, StringComparison.Ordinal))
            throw new InvalidOperationException($"refusing to delete {path}: it is outside the artifacts folder {root}");
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        return Task.CompletedTask;
    }
}
