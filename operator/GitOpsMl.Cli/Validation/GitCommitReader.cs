using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Manifests;
using LibGit2Sharp;

namespace GitOpsMl.Cli.Validation;

/// <summary>The commit a manifest came from: the sync's annotation when present, else the HEAD of the repository holding the file.</summary>
public static class GitCommitReader
{
    /// <summary>How `gitopsml apply` and `up` stamp what they apply: each object with its own manifest's commit.</summary>
    public static ApplyStamp Stamp { get; } = new((o, file) => For(o.Resource, file));

    public static string? For(CustomResource resource, string manifestPath)
    {
        if (resource.Metadata.Annotations?.GetValueOrDefault(ApiGroup.CommitAnnotation) is { Length: > 0 } annotated) return annotated;
        try
        {
            var root = Repository.Discover(Path.GetDirectoryName(Path.GetFullPath(manifestPath)));
            if (root is null) return null;
            using var repo = new Repository(root);
            var sha = repo.Head.Tip?.Sha;
            if (sha is null) return null;
            // A manifest edited after the commit is not what the commit holds: say so in the lineage.
            var relative = Path.GetRelativePath(repo.Info.WorkingDirectory, Path.GetFullPath(manifestPath));
            var state = repo.RetrieveStatus(relative);
            return state is FileStatus.Unaltered or FileStatus.Ignored ? sha : sha + "-dirty";
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
    }
}
