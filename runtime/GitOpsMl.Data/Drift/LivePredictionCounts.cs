namespace GitOpsMl.Data.Drift;

/// <summary>The predictions' live distribution as /stats reports it (the server's PredictionStats).</summary>
public sealed record LivePredictionCounts
{
    public long Count { get; init; }

    /// <summary>Classifiers: rows per predicted class.</summary>
    public IReadOnlyDictionary<string, long>? Classes { get; init; }

    /// <summary>Binary: positive-class probability; regression: the predicted value. Null for multiclass.</summary>
    public LiveFeatureCounts? Score { get; init; }
}
