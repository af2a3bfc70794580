namespace GitOpsMl.Controllers.Observation;

/// <summary>Reads a finished bundle's manifest.json and metrics.json (verifying the model's sha256) for registration.</summary>
public interface IBundleInspector
{
    Task<BundleSummary> ReadAsync(string bundlePath, CancellationToken ct = default);

    /// <summary>The bundle's profile.json: the training split's reference distributions drift is measured against.</summary>
    Task<Api.Bundles.DataProfile> ReadProfileAsync(string bundlePath, CancellationToken ct = default);
}
