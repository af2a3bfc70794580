namespace GitOpsMl.Serving.Quality;

/// <summary>Live quality of a version from label feedback over the window. Metrics a task does not have are omitted.</summary>
public sealed record QualityStats
{
    public long Labeled { get; init; }
    public double? Accuracy { get; init; }
    /// <summary>Binary only; absent while the window holds a single class.</summary>
    public double? Auc { get; init; }
    public double? LogLoss { get; init; }
    public double? Rmse { get; init; }
    public double? Mae { get; init; }
    public double? MeanPrediction { get; init; }
    public double? MeanLabel { get; init; }

    public IEnumerable<(string Metric, double Value)> Values()
    {
        if (Accuracy is { } a) yield return ("accuracy", a);
        if (Auc is { } auc) yield return ("auc", auc);
        if (LogLoss is { } l) yield return ("logLoss", l);
        if (Rmse is { } r) yield return ("rmse", r);
        if (Mae is { } m) yield return ("mae", m);
    }
}
