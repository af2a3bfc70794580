using GitOpsMl.Data.Drift;

namespace GitOpsMl.Controllers.Observation;

/// <summary>
/// One version's statistics window merged over its replicas: the drift counts, and the live
/// quality from label feedback (metric → value over <paramref name="Labeled"/> labelled rows).
/// </summary>
public sealed record ObservedWindow(string Version, LiveWindow Drift, IReadOnlyDictionary<string, double> Quality, long Labeled);
