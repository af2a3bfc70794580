namespace GitOpsMl.Api.Kinds;

/// <summary>The metrics each task produces, and which direction is better; trainer, gates and validate share it.</summary>
public static class TaskMetrics
{
    public static IReadOnlyList<string> For(PredictionTask task) => task switch
    {
        PredictionTask.Binary => ["auc", "accuracy", "precision", "recall", "f1", "logLoss"],
        PredictionTask.Multiclass => ["accuracy", "macroF1", "logLoss"],
        _ => ["rmse", "mae", "mape", "wape", "r2"],
    };

    /// <summary>
    /// The metrics the inference server computes from label feedback (a Monitor's quality metric):
    /// a subset of <see cref="For"/>, since precision, f1, r2 or mape are not kept per window.
    /// </summary>
    public static IReadOnlyList<string> Live(PredictionTask task) => task switch
    {
        PredictionTask.Binary => ["auc", "accuracy", "logLoss"],
        PredictionTask.Multiclass => ["accuracy", "logLoss"],
        _ => ["rmse", "mae"],
    };

    /// <summary>True when a larger value is better (auc), false when smaller is (rmse, logLoss).</summary>
    public static bool HigherIsBetter(string metric) => metric is not ("logLoss" or "rmse" or "mae" or "mape" or "wape");

    /// <summary>What a metric measures, in one sentence, with its conventions where they are a choice; null for a name no task produces.</summary>
    public static string? Describe(string metric) => metric switch
    {
        "auc" => "Area under the ROC curve: the chance a random positive scores above a random negative (0.5 is chance).",
        "accuracy" => "Fraction of rows whose predicted class (arg-max; binary: p > 0.5) is right.",
        "precision" => "Binary: of the rows predicted positive, the fraction that are (0 when none is predicted).",
        "recall" => "Binary: of the positive rows, the fraction predicted positive (0 when there are none).",
        "f1" => "Binary: harmonic mean of precision and recall.",
        "macroF1" => "Mean F1 over the classes present in the labels or the predictions.",
        "logLoss" => "Mean negative log-probability of the true class (probabilities clipped to [1e-15, 1 - 1e-15]).",
        "rmse" => "Root mean squared error, in the target's units.",
        "mae" => "Mean absolute error, in the target's units.",
        "mape" => "Mean absolute percentage error as a fraction (0.1 = 10 %), over rows whose target is not 0: rows with "
                  + "target 0 are skipped, so it can look good on data with many zeros; prefer wape there.",
        "wape" => "Weighted absolute percentage error: sum of absolute errors / sum of absolute targets, as a fraction; "
                  + "defined with zero targets (undefined only when every target is 0).",
        "r2" => "Coefficient of determination: 1 - squared error / variance of the target (0 is predicting the mean).",
        _ => null,
    };
}
