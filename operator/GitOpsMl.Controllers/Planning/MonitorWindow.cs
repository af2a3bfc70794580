namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// One window of the serving version, already scored: rows seen, per-feature drift scores (in the
/// spec's drift method), the predictions' drift score (in predictionDrift's method), and live quality
/// from label feedback (metric → value, and how many labelled rows it rests on).
/// </summary>
public sealed record MonitorWindow(long Samples, IReadOnlyList<FeatureScore> Features, FeatureScore? Predictions = null,
    IReadOnlyDictionary<string, double>? Quality = null, long Labeled = 0);
