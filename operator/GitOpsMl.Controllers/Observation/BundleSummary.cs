using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Observation;

/// <summary>
/// What registration needs from a bundle: the server's version id, the model file's sha256,
/// test and baseline metrics, per-slice metrics with their row counts, lineage, and the run's warnings.
/// </summary>
/// <param name="Warnings">metrics.json's warnings (empty when none): copied to the ModelVersion and told as events on the TrainingJob.</param>
public sealed record BundleSummary(
    string Path,
    string Version,
    string ModelSha256,
    string Task,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double>? Baseline,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Slices,
    IReadOnlyDictionary<string, int> SliceRows,
    BundleLineage Lineage,
    IReadOnlyList<TrainingWarning>? Warnings = null);
