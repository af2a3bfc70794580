using GitOpsMl.Serving.Quality;
using GitOpsMl.Serving.Shadow;

namespace GitOpsMl.Serving.Statistics;

/// <summary>GET /v2/models/{name}/stats: one model version's window.</summary>
public sealed record VersionStats
{
    public required string Version { get; init; }
    public DateTimeOffset WindowStart { get; init; }
    public DateTimeOffset WindowEnd { get; init; }

    /// <summary>Rows recorded in the window.</summary>
    public long Samples { get; init; }

    public required IReadOnlyDictionary<string, FeatureStats> Features { get; init; }
    public required PredictionStats Predictions { get; init; }
    public required QualityStats Quality { get; init; }

    /// <summary>Set on a version that received shadow copies: how often it agreed with the version that answered.</summary>
    public ShadowStats? Shadow { get; init; }
}
