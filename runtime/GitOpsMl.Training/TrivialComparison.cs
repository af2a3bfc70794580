using System.Globalization;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training;

/// <summary>
/// Whether a model beats the <see cref="TrivialPredictor"/> on the task's primary metric (auc, accuracy or rmse: the
/// first of <see cref="TaskMetrics.For"/>). The model card's verdict and the run's warning both come from here.
/// </summary>
public static class TrivialComparison
{
    public static string PrimaryMetric(string task) => TaskMetrics.For(Enum.Parse<PredictionTask>(task, ignoreCase: true))[0];

    /// <summary>Strictly better in the metric's direction: a tie with the trivial predictor is no evidence of learning.</summary>
    public static bool Better(string metric, double value, double than) =>
        TaskMetrics.HigherIsBetter(metric) ? value > than : value < than;

    /// <summary>
    /// A <see cref="TrainingWarning.NoBetterThanTrivial"/> warning when the test metrics do not beat the trivial
    /// predictor's on the primary metric; null when they do, or when either value is missing or not finite.
    /// </summary>
    public static TrainingWarning? Check(MetricsDocument metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var key = PrimaryMetric(metrics.Task);
        if (metrics.Trivial?.GetValueOrDefault(key, double.NaN) is not { } trivial || !double.IsFinite(trivial)
            || !metrics.Test.TryGetValue(key, out var model) || !double.IsFinite(model) || Better(key, model, trivial))
        {
            return null;
        }
        return new TrainingWarning
        {
            Reason = TrainingWarning.NoBetterThanTrivial,
            Message = $"the model does not beat the trivial predictor on the test split's {key} ({Num(model)} against {Num(trivial)}, " +
                      "which predicting the training split's class frequencies or mean for every row scores): it has learned nothing useful from the features. " +
                      $"Check the run's optimizer steps (epochs × batches per epoch; {OptimizerSteps.Threshold} or more is a sound start), the learning rate, and the features.",
        };
    }

    private static string Num(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
