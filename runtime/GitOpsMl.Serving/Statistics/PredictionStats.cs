namespace GitOpsMl.Serving.Statistics;

/// <summary>Distribution of a version's predictions over the window.</summary>
public sealed record PredictionStats
{
    public long Count { get; init; }

    /// <summary>Classifiers: rows per predicted (argmax) class.</summary>
    public IReadOnlyDictionary<string, long>? Classes { get; init; }

    /// <summary>Binary: positive-class probability; regression: predicted value.</summary>
    public FeatureStats? Score { get; init; }
}
