using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Remote;

namespace GitOpsMl.Controllers.Manifests;

/// <summary>
/// The one way a Dataset becomes a local file, shared by `validate`, `train`, `inspect` and the control
/// plane's Dataset probe, so they all read the same bytes: spec.source.path resolves under a root (the
/// repository root or a data root) and must not leave it; spec.source.url is fetched through the
/// content-addressed <see cref="UrlDataCache"/>, pinned by spec.sha256; spec.source.s3 is not read yet.
/// </summary>
public sealed class DatasetFileResolver(UrlDataCache cache)
{
    public UrlDataCache Cache { get; } = cache;

    /// <summary>Whether the Dataset's file resolves against a root: path sources do, url sources need none.</summary>
    public static bool NeedsRoot(Dataset dataset) => dataset.Spec.Source.Path is not null;

    /// <summary>The file a path source names under <paramref name="root"/>, without reading anything; null for other sources (which have no local file to watch).</summary>
    public static string? LocalPathOf(Dataset dataset, string root) =>
        dataset.Spec.Source.Path is { } relative ? RepositoryRoot.Under(root, relative) : null;

    /// <summary>The local file holding the Dataset's data, downloading a url source when it is not cached yet.</summary>
    /// <param name="root">The folder a relative path resolves under; unused by url sources.</param>
    /// <exception cref="InvalidOperationException">The path leaves <paramref name="root"/>, or no root was given for a path.</exception>
    /// <exception cref="GitOpsMlFailure">A url source's download failed (Transient) or served bytes against the pin (InvalidData); an s3 source (InvalidSpec).</exception>
    public string Resolve(Dataset dataset, string? root, CancellationToken ct = default)
    {
        var source = dataset.Spec.Source;
        if (source.Path is { } relative)
        {
            return RepositoryRoot.Under(root ?? throw new InvalidOperationException($"data path \"{relative}\" has no root to resolve against"), relative);
        }
        if (source.Url is { } url)
        {
            // The CEL rule requires the pin with a url; an object that bypassed it (an old API server) is refused, never read unpinned.
            var pin = dataset.Spec.Sha256 ?? throw new GitOpsMlFailure(FailureKind.InvalidSpec, "UrlWithoutSha256",
                $"Dataset {dataset.Metadata.Name}: spec.source.url needs spec.sha256");
            return Cache.Fetch(url, pin, $"Dataset {dataset.Metadata.Name}", ct);
        }
        throw new GitOpsMlFailure(FailureKind.InvalidSpec, "S3NotSupported",
            $"Dataset {dataset.Metadata.Name}: spec.source.s3 is not read yet; use spec.source.path or spec.source.url");
    }
}
