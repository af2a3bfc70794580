namespace GitOpsMl.Api.Kinds;

/// <summary>The metrics each task produces, and which direction is better; trainer, gates and validate share it.</summary>
public static class TaskMetrics
{
    public static IReadOnlyList<string> For(PredictionTask task) => task switch
    {
        PredictionTask.Binary => ["auc", "accuracy", "precision", "recall", "f1", "logLoss"],
        PredictionTask.Multiclass => ["accuracy", "macroF1", "logLoss"],
        _ => ["rmse", "mae", "mape", "r2"],
    };

    /// <summary>True when a larger value is better (auc), false when smaller is (rmse, logLoss).</summary>
    public static bool HigherIsBetter(string metric) => metric is not ("logLoss" or "rmse" or "mae" or "mape");
}
