namespace GitOpsMl.Controllers.Sources;

/// <summary>A resolved ref: the branch or tag it came through (null for a pinned commit) and the full commit sha.</summary>
public sealed record GitRevision(string? RefName, string Commit)
{
    /// <summary>Flux's revision text: <c>main@sha1:&lt;sha&gt;</c>, <c>v1.2@sha1:&lt;sha&gt;</c>, or <c>sha1:&lt;sha&gt;</c> for a commit.</summary>
    public override string ToString() => RefName is null ? $"sha1:{Commit}" : $"{RefName}@sha1:{Commit}";
}
