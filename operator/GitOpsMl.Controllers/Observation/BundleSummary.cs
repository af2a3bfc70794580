using GitOpsMl.Api.Bundles;

namespace GitOpsMl.Controllers.Observation;

/// <summary>
/// What registration needs from a bundle: the server's version id, the model file's sha256,
/// test and baseline metrics, per-slice metrics with their row counts, and lineage.
/// </summary>
public sealed record BundleSummary(
    string Path,
    string Version,
    string ModelSha256,
    string Task,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double>? Baseline,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Slices,
    IReadOnlyDictionary<string, int> SliceRows,
    BundleLineage Lineage);
