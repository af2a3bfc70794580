namespace GitOpsMl.Serving.Options;

/// <summary>Sliding-window statistics for drift and live quality. Memory does not grow with traffic.</summary>
public sealed record StatisticsOptions
{
    /// <summary>Length of the sliding window stats and quality cover.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Sub-windows the window is split into; the window slides by Window / Buckets.</summary>
    public int Buckets { get; init; } = 12;

    /// <summary>Rows whose predictions are kept (per model) so feedback can join labels to them.</summary>
    public int PredictionStoreRows { get; init; } = 100_000;

    /// <summary>Labelled predictions kept per version for live quality metrics.</summary>
    public int QualitySamples { get; init; } = 10_000;

    /// <summary>Regression shadow agreement: |stable - canary| ≤ tolerance · max(1, |stable|).</summary>
    public double ShadowRegressionTolerance { get; init; } = 1e-3;
}
