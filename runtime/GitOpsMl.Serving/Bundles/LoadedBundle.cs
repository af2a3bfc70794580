using GitOpsMl.Api.Bundles;

namespace GitOpsMl.Serving.Bundles;

/// <summary>A verified bundle: every listed file matched its sha256; <see cref="ModelBytes"/> are exactly the bytes that were hashed.</summary>
public sealed record LoadedBundle(string Directory, BundleManifest Manifest, DataProfile Profile, byte[] ModelBytes)
{
    public string ModelSha256 => Manifest.Files[BundleManifest.ModelFile];
}
