namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// One window of the serving version, already scored: rows seen, per-feature drift scores (in the
/// spec's drift method), the predictions' drift score (in predictionDrift's method), and live quality
/// from label feedback (metric → value, and how many labelled rows it rests on). Span is the length of
/// the servers' sliding window (null: the spec's drift.window, default 1h): looks closer together than
/// that overlap, so only a look a full span after the last counted breach counts as a new window.
/// </summary>
public sealed record MonitorWindow(long Samples, IReadOnlyList<FeatureScore> Features, FeatureScore? Predictions = null,
    IReadOnlyDictionary<string, double>? Quality = null, long Labeled = 0, TimeSpan? Span = null);
