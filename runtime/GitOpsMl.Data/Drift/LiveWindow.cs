namespace GitOpsMl.Data.Drift;

/// <summary>One version's window from /stats (the drift part of the server's VersionStats), or several replicas' windows merged.</summary>
public sealed record LiveWindow
{
    public long Samples { get; init; }
    public IReadOnlyDictionary<string, LiveFeatureCounts> Features { get; init; } = new Dictionary<string, LiveFeatureCounts>();
    public LivePredictionCounts? Predictions { get; init; }
}
