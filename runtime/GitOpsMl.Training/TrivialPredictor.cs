using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training;

/// <summary>
/// The predictor that ignores every feature: the training split's class frequencies for every row (so its decision
/// is always the majority class, its auc 0.5 and its logLoss the entropy of the prior), or the training mean for
/// every row in regression (so its r2 is about 0). A model that does not beat it has learned nothing; the linear
/// baseline starts from it (see <see cref="BaselineTraining"/>).
/// </summary>
/// <remarks>With sample weights (<see cref="TrainingData.Weights"/>) the frequencies and the mean are weighted, as
/// scikit-learn's DummyClassifier and DummyRegressor take sample_weight: the trivial answer to the weighted loss.</remarks>
/// <param name="Prior">Classifiers: the (weighted) fraction of training rows in each class, [Classes]. Null for regression.</param>
/// <param name="Mean">Regression: the (weighted) mean training target. Null for classifiers.</param>
public sealed record TrivialPredictor(PredictionTask Task, int Classes, IReadOnlyList<double>? Prior, double? Mean)
{
    public static TrivialPredictor Fit(TrainingData train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Rows == 0) throw new ArgumentException("No training rows to fit the trivial predictor on.", nameof(train));
        if (train.Weights is { } weights) return FitWeighted(train, weights);
        switch (train.Task)
        {
            case PredictionTask.Regression:
                double sum = 0;
                foreach (var t in train.Targets!) sum += t;
                return new TrivialPredictor(train.Task, 0, null, sum / train.Rows);
            case PredictionTask.Binary:
                var positives = train.Targets!.Count(t => t == 1f);
                return new TrivialPredictor(train.Task, 2, [(double)(train.Rows - positives) / train.Rows, (double)positives / train.Rows], null);
            default:
                var counts = new long[train.Classes];
                foreach (var c in train.ClassIndices!) counts[c]++;
                return new TrivialPredictor(train.Task, train.Classes, counts.Select(n => (double)n / train.Rows).ToArray(), null);
        }
    }

    private static TrivialPredictor FitWeighted(TrainingData train, double[] weights)
    {
        var total = weights.Sum();
        if (!(total > 0)) throw new ArgumentException("Every training row weighs 0: there is nothing to fit the trivial predictor on.", nameof(train));
        switch (train.Task)
        {
            case PredictionTask.Regression:
                double sum = 0;
                for (var i = 0; i < train.Rows; i++) sum += weights[i] * train.Targets![i];
                return new TrivialPredictor(train.Task, 0, null, sum / total);
            case PredictionTask.Binary:
                double positive = 0;
                for (var i = 0; i < train.Rows; i++)
                {
                    if (train.Targets![i] == 1f) positive += weights[i];
                }
                return new TrivialPredictor(train.Task, 2, [(total - positive) / total, positive / total], null);
            default:
                var mass = new double[train.Classes];
                for (var i = 0; i < train.Rows; i++) mass[train.ClassIndices![i]] += weights[i];
                return new TrivialPredictor(train.Task, train.Classes, mass.Select(m => m / total).ToArray(), null);
        }
    }

    /// <summary>The same output for each of <paramref name="rows"/> rows, in the layout the model's predictions have.</summary>
    public Prediction Predict(int rows)
    {
        if (Task == PredictionTask.Regression)
            return new Prediction(Task, rows, 0, null, Enumerable.Repeat((float)Mean!.Value, rows).ToArray());
        var probabilities = new float[rows * Classes];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < Classes; c++)
                probabilities[r * Classes + c] = (float)Prior![c];
        }

        return new Prediction(Task, rows, Classes, probabilities, null);
    }

    /// <summary>Every metric of the task for this predictor on <paramref name="data"/>: what "learned nothing" scores.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Metrics.Evaluate(data, Predict(data.Rows));
    }

    /// <summary>
    /// The output-layer bias that makes a network with zero output weights this predictor: log class frequencies
    /// (multiclass), the log-odds of the positive class (binary), or the standardized mean (regression, 0 when the
    /// scaling was fitted on the same targets). A class with no training rows gets a frequency of 1/(rows+1) instead of
    /// 0, whose logarithm would be −∞.
    /// </summary>
    public float[] OutputBias(int trainRows, TargetScaling? scaling)
    {
        var floor = 1.0 / (trainRows + 1);
        return Task switch
        {
            PredictionTask.Regression => [scaling is null ? (float)Mean!.Value : scaling.Standardize((float)Mean!.Value)],
            PredictionTask.Binary => [(float)Math.Log(Math.Max(Prior![1], floor) / Math.Max(Prior[0], floor))],
            _ => Prior!.Select(p => (float)Math.Log(Math.Max(p, floor))).ToArray(),
        };
    }
}
