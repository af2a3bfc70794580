using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Controllers.Sources;
using LibGit2Sharp;

namespace GitOpsMl.Local.Sources;

/// <summary>
/// <see cref="IGitCheckout"/> with libgit2: one bare clone per GitSource at
/// <c>&lt;state&gt;/sources/&lt;namespace&gt;/&lt;name&gt;/repo.git</c>, fetched with every branch and tag, and
/// checkouts at <c>…/checkouts/&lt;sha&gt;</c> written to a temporary folder and renamed into place, so a
/// folder named by a commit is always complete. Credentials (<see cref="GitAuthentication"/>) are given to each
/// clone and fetch and kept nowhere: not in the clone's config, not in its remote URL. Submodules and symbolic links are not written out.
/// </summary>
public sealed class LibGit2Checkout(string stateDirectory) : IGitCheckout
{
    private const string Branches = "+refs/heads/*:refs/remotes/origin/*";
    private const string Tags = "+refs/tags/*:refs/tags/*";
    private const string Partial = ".partial-";

    public string FolderOf(GitSource source) =>
        Path.Combine(Path.GetFullPath(stateDirectory), "sources", ObjectKey.NamespaceOf(source.Metadata.Namespace), source.Metadata.Name);

    public Task<GitRevision> FetchAsync(GitSource source, GitCredentials? credentials, CancellationToken ct) =>
        Task.Run(() => Fetch(source, credentials), ct);

    public Task<string> CheckoutAsync(GitSource source, GitRevision revision, CancellationToken ct) => Task.Run(() => Checkout(source, revision), ct);

    public void DeleteCheckoutsExcept(GitSource source, IReadOnlyCollection<string> keep)
    {
        var checkouts = Path.Combine(FolderOf(source), "checkouts");
        if (!Directory.Exists(checkouts)) return;
        foreach (var dir in Directory.EnumerateDirectories(checkouts))
        {
            if (keep.Contains(Path.GetFileName(dir))) continue;
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    public void DeleteClone(GitSource source)
    {
        var folder = FolderOf(source);
        var clone = Path.Combine(folder, "repo.git");
        if (Directory.Exists(clone)) Directory.Delete(clone, recursive: true);
        foreach (var partial in Directory.Exists(folder) ? Directory.GetDirectories(folder, "repo.git" + Partial + "*") : [])
            Directory.Delete(partial, recursive: true);
        var checkouts = Path.Combine(folder, "checkouts");
        if (Directory.Exists(checkouts) && !Directory.EnumerateFileSystemEntries(checkouts).Any()) Directory.Delete(checkouts);
        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
    }

    private GitRevision Fetch(GitSource source, GitCredentials? credentials)
    {
        var url = source.Spec.Url;
        var folder = FolderOf(source);
        var clone = Path.Combine(folder, "repo.git");
        Directory.CreateDirectory(folder);
        if (!Repository.IsValid(clone))
        {
            // Cloned aside and renamed: a crash mid-clone leaves no half repository to trip over.
            var partial = clone + Partial + Guid.NewGuid().ToString("N")[..8];
            try
            {
                var auth = new GitAuthentication(credentials);
                try
                {
                    var options = new CloneOptions { IsBare = true };
                    auth.Apply(options.FetchOptions);
                    Repository.Clone(url, partial, options);
                }
                catch (LibGit2SharpException e)
                {
                    throw auth.Failure(e, GitSourceReasons.CloneFailed, "cannot clone", url);
                }
                if (Directory.Exists(clone)) Directory.Delete(clone, recursive: true);
                Directory.Move(partial, clone);
            }
            catch (Exception e) when (e is GitOpsMlFailure or IOException or UnauthorizedAccessException)
            {
                TryDelete(partial);
                if (e is GitOpsMlFailure) throw;
                throw new GitOpsMlFailure(FailureKind.Transient, GitSourceReasons.CloneFailed, $"cannot clone {url}: {e.Message}", e);
            }
        }
        using var repo = new Repository(clone);
        var fetching = new GitAuthentication(credentials);
        try
        {
            if (repo.Network.Remotes["origin"] is { } origin && origin.Url != url) repo.Network.Remotes.Update("origin", r => r.Url = url);
            Commands.Fetch(repo, "origin", [Branches, Tags], fetching.Apply(new FetchOptions { Prune = true, TagFetchMode = TagFetchMode.None }), null);
        }
        catch (LibGit2SharpException e)
        {
            throw fetching.Failure(e, GitSourceReasons.FetchFailed, "cannot fetch", url);
        }
        return Resolve(repo, source.Spec.Ref, url);
    }

    private static GitRevision Resolve(Repository repo, GitRef? gitRef, string url)
    {
        if (gitRef?.Commit is { } sha)
        {
            return repo.Lookup<Commit>(sha) is { } commit
                ? new GitRevision(null, commit.Sha)
                : throw NotFound($"commit {sha} is not on any branch or tag of {url}", "spec.ref.commit");
        }
        if (gitRef?.Tag is { } tag)
        {
            return repo.Tags[tag]?.PeeledTarget is Commit tagged
                ? new GitRevision(tag, tagged.Sha)
                : throw NotFound($"tag \"{tag}\" is not in {url}", "spec.ref.tag");
        }
        // No ref: the branch the remote's HEAD named when cloned (its default branch).
        var branch = gitRef?.Branch ?? repo.Head.FriendlyName;
        return repo.Refs[$"refs/remotes/origin/{branch}"]?.ResolveToDirectReference()?.Target is Commit tip
            ? new GitRevision(branch, tip.Sha)
            : throw NotFound($"branch \"{branch}\" is not in {url}", "spec.ref.branch");
    }

    private static GitOpsMlFailure NotFound(string message, string field) =>
        new GitOpsMlFailure(FailureKind.Transient, GitSourceReasons.RefNotFound, message).AtField(field);

    private string Checkout(GitSource source, GitRevision revision)
    {
        var checkouts = Path.Combine(FolderOf(source), "checkouts");
        var target = Path.Combine(checkouts, revision.Commit);
        if (Directory.Exists(target)) return target;
        var partial = Path.Combine(checkouts, Partial + revision.Commit + "-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using var repo = new Repository(Path.Combine(FolderOf(source), "repo.git"));
            var commit = repo.Lookup<Commit>(revision.Commit)
                ?? throw new GitOpsMlFailure(FailureKind.Transient, GitSourceReasons.CheckoutFailed, $"commit {revision.Commit} is not in the clone of {source.Spec.Url}");
            WriteTree(commit.Tree, partial);
            // The checkout is a repository root of its own: data paths resolve here, never above it in the state folder.
            File.WriteAllText(Path.Combine(partial, RepositoryRoot.Marker), $"# {source.Spec.Url} at {revision}\n");
            Directory.Move(partial, target);
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LibGit2SharpException)
        {
            TryDelete(partial);
            if (Directory.Exists(target)) return target; // another worker wrote it first
            throw new GitOpsMlFailure(FailureKind.Transient, GitSourceReasons.CheckoutFailed, $"cannot check out {revision} of {source.Spec.Url}: {e.Message}", e);
        }
    }

    private static void WriteTree(Tree tree, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var entry in tree)
        {
            var path = Path.Combine(folder, entry.Name);
            switch (entry.TargetType)
            {
                case TreeEntryTargetType.Tree:
                    WriteTree((Tree)entry.Target, path);
                    break;
                case TreeEntryTargetType.Blob when entry.Mode != Mode.SymbolicLink:
                    using (var content = ((Blob)entry.Target).GetContentStream())
                    using (var file = File.Create(path))
                    {
                        content.CopyTo(file);
                    }
                    break;
                default:
                    // Submodules (GitLink) and symbolic links: not supported, not written (a link could point out of the checkout).
                    break;
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
