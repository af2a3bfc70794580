using GitOpsMl.Api.Validation;

namespace GitOpsMl.Controllers.Manifests;

/// <summary>Finds *.yaml / *.yml files under the given paths, in a stable order, without following links or hidden folders.</summary>
public static class ManifestFileFinder
{
    public sealed record Found(IReadOnlyList<string> Files, IReadOnlyList<string> Missing);

    public static Found Find(IEnumerable<string> paths)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden | FileAttributes.System,
            IgnoreInaccessible = true,
            MatchType = MatchType.Simple,
        };
        foreach (var p in paths)
        {
            if (File.Exists(p))
            {
                files.Add(Path.GetFullPath(p));
            }
            else if (Directory.Exists(p))
            {
                foreach (var f in Directory.EnumerateFiles(p, "*", options))
                {
                    // Hidden folders (.git, .github) below the searched folder are skipped; hidden folders above it are the user's business.
                    if (Path.GetRelativePath(p, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.') && part.Length > 1 && part != "..")) continue;
                    if (f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                        files.Add(Path.GetFullPath(f));
                }
            }
            else
            {
                missing.Add(p);
            }
        }
        return new Found(files.ToList(), missing);
    }

    /// <summary>The path as a person would type it: relative to the working directory (or <paramref name="relativeTo"/>) when below it.</summary>
    public static string DisplayName(string fullPath, string? relativeTo = null)
    {
        var rel = Path.GetRelativePath(relativeTo ?? Directory.GetCurrentDirectory(), fullPath);
        return rel.StartsWith("..", StringComparison.Ordinal) ? fullPath : rel;
    }
}
