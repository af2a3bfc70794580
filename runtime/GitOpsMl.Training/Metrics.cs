using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training;

/// <summary>
/// Evaluation metrics in plain C# (no torch), named exactly as <see cref="TaskMetrics"/>, so gates, early
/// stopping and metrics.json all speak of the same numbers. Accumulation is in double.
/// </summary>
/// <remarks>
/// <para>Sample weights (the Dataset's role weight column; an empty span means every row weighs 1) weigh every metric
/// as scikit-learn's <c>sample_weight</c> does: a row of weight w counts as w copies of itself, so weight 2 gives
/// exactly what duplicating the row gives. Counts become sums of weights (accuracy, the confusion matrix behind
/// precision, recall, f1 and macroF1), means become weighted means (logLoss, rmse, mae, mape), wape is
/// Σ w·|error| / Σ w·|target|, r2 compares with the weighted mean target, and auc is the weighted Mann–Whitney
/// statistic: each (positive, negative) pair counts with the product of their weights. With unit weights every
/// metric is bit-identical to the unweighted one: each sum adds the same terms in the same order, times 1.0.</para>
/// <para>A metric whose weights sum to 0 (every row of weight 0) is NaN like one over no rows.</para>
/// Conventions where a metric is undefined or a choice had to be made:
/// <list type="bullet">
/// <item>Binary decisions: positive when p &gt; 0.5, i.e. the arg-max of [1 - p, p] with ties to the negative class,
/// the same rule as multiclass arg-max (ties to the lower index).</item>
/// <item>precision with no predicted positive, recall with no actual positive, and F1 when both are 0: 0
/// (scikit-learn's zero_division=0).</item>
/// <item>auc with only one class present: NaN (undefined), as is r2 for constant targets and mape and wape when every target is 0.</item>
/// <item>logLoss clips probabilities to [1e-15, 1 - 1e-15] so a confident mistake costs ~34.5, not ∞.</item>
/// <item>mape is a fraction (0.1 = 10 %), averaged over rows whose target is not 0: a zero target has no percentage
/// error. Rows with target 0 are skipped, not counted (<see cref="TaskMetrics.Describe"/> says so).</item>
/// <item>wape is Σ|error| / Σ|target|, a fraction: defined with zero targets, and weighted towards large targets.</item>
/// <item>macroF1 averages per-class F1 over the classes that occur in the labels or the predictions (scikit-learn's
/// default label set, decided by rows, not weights); a class absent from both says nothing about the model.</item>
/// </list>
/// </remarks>
public static class Metrics
{
    public const double LogLossEpsilon = 1e-15;

    /// <summary>All metrics of the task for <paramref name="prediction"/> against the targets of <paramref name="data"/>.</summary>
    public static IReadOnlyDictionary<string, double> Evaluate(TrainingData data, Prediction prediction)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(prediction);
        if (data.Task != prediction.Task || data.Rows != prediction.Rows)
            throw new ArgumentException($"Prediction ({prediction.Task}, {prediction.Rows} rows) does not match the data ({data.Task}, {data.Rows} rows).");
        return data.Task switch
        {
            PredictionTask.Binary => Binary(prediction.PositiveProbabilities(), data.Targets!, data.Weights),
            PredictionTask.Multiclass => Multiclass(prediction.Probabilities!, data.ClassIndices!, data.Classes, data.Weights),
            _ => Regression(prediction.Values!, data.Targets!, data.Weights),
        };
    }

    /// <summary>auc, accuracy, precision, recall, f1, logLoss from positive-class probabilities and 0/1 labels.</summary>
    /// <param name="weights">One sample weight per row; empty: every row weighs 1.</param>
    public static IReadOnlyDictionary<string, double> Binary(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels, ReadOnlySpan<double> weights = default)
    {
        RequireSameLength(probabilities.Length, labels.Length);
        RequireWeights(weights, labels.Length);
        double tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var w = weights.IsEmpty ? 1.0 : weights[i];
            var predicted = probabilities[i] > 0.5f;
            var actual = labels[i] == 1f;
            if (predicted && actual) tp += w;
            else if (predicted) fp += w;
            else if (actual) fn += w;
            else tn += w;
        }
        var total = tp + fp + tn + fn;
        var precision = tp + fp == 0 ? 0 : tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : tp / (tp + fn);
        return new Dictionary<string, double>
        {
            ["auc"] = Auc(probabilities, labels, weights),
            ["accuracy"] = total == 0 ? double.NaN : (tp + tn) / total,
            ["precision"] = precision,
            ["recall"] = recall,
            ["f1"] = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
            ["logLoss"] = BinaryLogLoss(probabilities, labels, weights),
        };
    }

    /// <summary>accuracy, macroF1, logLoss from row-major [N, classes] probabilities and class indices.</summary>
    /// <param name="weights">One sample weight per row; empty: every row weighs 1.</param>
    public static IReadOnlyDictionary<string, double> Multiclass(ReadOnlySpan<float> probabilities, ReadOnlySpan<long> labels, int classes, ReadOnlySpan<double> weights = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        RequireSameLength(probabilities.Length, labels.Length * (long)classes);
        RequireWeights(weights, labels.Length);
        var truePositives = new double[classes];
        var predictedWeight = new double[classes];
        var actualWeight = new double[classes];
        // Which classes take part in macroF1 is decided by rows, not weights (scikit-learn's label set): a class
        // whose rows all weigh 0 still counts, with F1 0.
        var present = new bool[classes];
        double correct = 0, total = 0;
        double logLoss = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var w = weights.IsEmpty ? 1.0 : weights[i];
            var row = probabilities.Slice(i * classes, classes);
            var predicted = ArgMax(row);
            var actual = (int)labels[i];
            if ((uint)actual >= (uint)classes)
                throw new ArgumentException($"Label {actual} at row {i} is outside 0..{classes - 1}.", nameof(labels));
            present[predicted] = present[actual] = true;
            predictedWeight[predicted] += w;
            actualWeight[actual] += w;
            total += w;
            if (predicted == actual)
            {
                correct += w;
                truePositives[actual] += w;
            }
            logLoss -= w * Math.Log(Clip(row[actual]));
        }

        double f1Sum = 0;
        var presentCount = 0;
        for (var c = 0; c < classes; c++)
        {
            if (!present[c]) continue;
            presentCount++;
            // F1 = 2TP / (2TP + FP + FN) = 2TP / (predicted + actual); 0 when the class is never hit (or weighs nothing).
            var denominator = predictedWeight[c] + actualWeight[c];
            f1Sum += denominator == 0 ? 0 : 2.0 * truePositives[c] / denominator;
        }
        return new Dictionary<string, double>
        {
            ["accuracy"] = total == 0 ? double.NaN : correct / total,
            ["macroF1"] = presentCount == 0 ? double.NaN : f1Sum / presentCount,
            ["logLoss"] = total == 0 ? double.NaN : logLoss / total,
        };
    }

    /// <summary>rmse, mae, mape, wape, r2 of predictions against targets.</summary>
    /// <param name="weights">One sample weight per row; empty: every row weighs 1.</param>
    public static IReadOnlyDictionary<string, double> Regression(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, ReadOnlySpan<double> weights = default)
    {
        RequireSameLength(predictions.Length, targets.Length);
        RequireWeights(weights, targets.Length);
        var n = targets.Length;
        double squared = 0, absolute = 0, percentage = 0, targetSum = 0, absoluteTargetSum = 0, total = 0, nonZero = 0;
        for (var i = 0; i < n; i++)
        {
            var w = weights.IsEmpty ? 1.0 : weights[i];
            double error = predictions[i] - (double)targets[i];
            squared += w * (error * error);
            absolute += w * Math.Abs(error);
            targetSum += w * targets[i];
            absoluteTargetSum += w * Math.Abs((double)targets[i]);
            total += w;
            if (targets[i] != 0)
            {
                percentage += w * Math.Abs(error / targets[i]);
                nonZero += w;
            }
        }
        var mean = targetSum / total;
        double spread = 0;
        for (var i = 0; i < n; i++)
        {
            var w = weights.IsEmpty ? 1.0 : weights[i];
            spread += w * ((targets[i] - mean) * (targets[i] - mean));
        }
        return new Dictionary<string, double>
        {
            ["rmse"] = total == 0 ? double.NaN : Math.Sqrt(squared / total),
            ["mae"] = total == 0 ? double.NaN : absolute / total,
            ["mape"] = nonZero == 0 ? double.NaN : percentage / nonZero,
            ["wape"] = absoluteTargetSum == 0 ? double.NaN : absolute / absoluteTargetSum,
            ["r2"] = spread == 0 ? double.NaN : 1 - squared / spread,
        };
    }

    /// <summary>
    /// Area under the ROC curve as the Mann–Whitney statistic: the probability that a random positive scores
    /// above a random negative, ties counting one half. With weights each (positive, negative) pair counts with the
    /// product of their weights (scikit-learn's roc_auc_score with sample_weight). NaN unless both classes have
    /// weight, or when a score is NaN.
    /// </summary>
    /// <param name="weights">One sample weight per row; empty: every row weighs 1.</param>
    public static double Auc(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, ReadOnlySpan<double> weights = default)
    {
        RequireSameLength(scores.Length, labels.Length);
        RequireWeights(weights, labels.Length);
        var n = scores.Length;
        var order = new int[n];
        var keys = new float[n];
        double positives = 0, negatives = 0;
        for (var i = 0; i < n; i++)
        {
            if (float.IsNaN(scores[i])) return double.NaN;
            order[i] = i;
            keys[i] = scores[i];
            var w = weights.IsEmpty ? 1.0 : weights[i];
            if (labels[i] == 1f) positives += w;
            else negatives += w;
        }
        if (positives == 0 || negatives == 0) return double.NaN;

        Array.Sort(keys, order);
        // Walk tied groups from the lowest score: each positive of a group beats every negative below it and ties
        // (one half) with the group's negatives. With unit weights these are the same half-integers the rank-sum form
        // adds, so the result is exact and equal to it.
        double wins = 0, negativesBelow = 0;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            double groupPositives = 0, groupNegatives = 0;
            for (var k = start; k < end; k++)
            {
                var row = order[k];
                var w = weights.IsEmpty ? 1.0 : weights[row];
                if (labels[row] == 1f) groupPositives += w;
                else groupNegatives += w;
            }
            wins += groupPositives * (negativesBelow + groupNegatives / 2);
            negativesBelow += groupNegatives;
            start = end;
        }
        return wins / (positives * negatives);
    }

    /// <summary>Mean binary cross-entropy with clipped probabilities (weighted mean with weights).</summary>
    /// <param name="weights">One sample weight per row; empty: every row weighs 1.</param>
    public static double BinaryLogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels, ReadOnlySpan<double> weights = default)
    {
        RequireSameLength(probabilities.Length, labels.Length);
        RequireWeights(weights, labels.Length);
        double sum = 0, total = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var w = weights.IsEmpty ? 1.0 : weights[i];
            // The probability given to the true class, clipped: for y = 0 that is 1 − p, computed before clipping so
            // both classes are clipped alike (clipping p to 1 − 1e−15 first would leave 1.11e−15, not 1e−15).
            var trueClass = labels[i] == 1f ? probabilities[i] : 1 - (double)probabilities[i];
            sum -= w * Math.Log(Clip(trueClass));
            total += w;
        }
        return total == 0 ? double.NaN : sum / total;
    }

    /// <summary>Index of the largest value; the first one on ties (and NaN never wins).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best]) best = c;
        }
        return best;
    }

    // Done in double: 1 - 1e-15 is 1 in float32.
    private static double Clip(double p) => Math.Clamp(p, LogLossEpsilon, 1 - LogLossEpsilon);

    private static void RequireWeights(ReadOnlySpan<double> weights, int rows)
    {
        if (weights.IsEmpty) return;
        if (weights.Length != rows) throw new ArgumentException($"Length mismatch: {weights.Length} weights for {rows} rows.");
        foreach (var w in weights)
        {
            if (!(double.IsFinite(w) && w >= 0)) throw new ArgumentException($"Weight {w} is not finite and at least 0.");
        }
    }

    private static void RequireSameLength(long a, long b)
    {
        if (a != b) throw new ArgumentException($"Length mismatch: {a} predictions for {b} expected values.");
    }
}
