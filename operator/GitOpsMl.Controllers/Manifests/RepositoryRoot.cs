namespace GitOpsMl.Controllers.Manifests;

/// <summary>
/// Where data paths in Dataset manifests resolve: the nearest folder, from the manifest's own
/// folder upwards, that holds `.git` or a `.gitopsml-root` marker (examples carry the marker
/// because each stands for a repository of its own); the manifest's folder when there is none.
/// </summary>
public static class RepositoryRoot
{
    public const string Marker = ".gitopsml-root";

    public static string For(string manifestPath)
    {
        var start = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)) || Directory.Exists(Path.Combine(dir.FullName, ".git"))
                || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }
        return start;
    }

    /// <summary>
    /// Resolves a repository-relative data path, refusing ones that escape the root. <paramref name="dataRoot"/>,
    /// when given, is the root instead of the manifest's repository (the control plane trains from manifests
    /// copied to a state folder, away from the data).
    /// </summary>
    public static string Resolve(string manifestPath, string dataPath, string? dataRoot = null) =>
        Under(dataRoot ?? For(manifestPath), dataPath);

    /// <summary>Resolves a relative data path under <paramref name="root"/>, refusing one that escapes it.</summary>
    public static string Under(string root, string dataPath)
    {
        root = Path.GetFullPath(root).TrimEnd('/');
        if (root.Length == 0) root = "/";
        var full = Path.GetFullPath(Path.Combine(root, dataPath));
        if (!full.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
            throw new InvalidOperationException($"data path \"{dataPath}\" leaves the repository root {root}");
        return full;
    }
}
