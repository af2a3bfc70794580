using GitOpsMl.Api.Validation;

namespace GitOpsMl.Controllers.Manifests;

/// <summary>
/// What the caller of <see cref="ManifestApplier"/> knows about where a manifest set came from: the
/// commit of each object (the CLI asks the working tree's git; a GitSource knows the one it checked
/// out) and labels naming the applier (a GitSource labels its objects so that it alone prunes them).
/// </summary>
/// <param name="CommitOf">The commit of an object, given the object and its manifest's full path; null when unknown.</param>
public sealed record ApplyStamp(Func<ManifestObject, string, string?> CommitOf)
{
    /// <summary>Labels added to every applied object (over the manifest's own).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
