using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Observation;

/// <summary>
/// Reads a Dataset's source, checks it against its schema and digests it. Locally this runs in the
/// control plane (cached by file identity, so a re-check of an unchanged file costs a stat); in a
/// cluster it is a Job, because heavy data work never runs in the operator process.
/// </summary>
public interface IDatasetProbe
{
    /// <param name="dataRoot">Where a path source resolves; null for a url source, which needs none.</param>
    Task<DatasetObservation> ProbeAsync(Dataset dataset, string? dataRoot, CancellationToken ct = default);
}
