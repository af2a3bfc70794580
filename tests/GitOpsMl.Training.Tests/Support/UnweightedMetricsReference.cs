namespace GitOpsMl.Training.Tests.Support;

/// <summary>
/// The metrics exactly as they were before sample weights existed (Metrics.cs at the commit before), frozen here so a
/// test can show that unweighted data still gets bit-identical numbers. Do not edit: it is the reference, not code.
/// </summary>
internal static class UnweightedMetricsReference
{
    public const double LogLossEpsilon = 1e-15;

    /// <summary>auc, accuracy, precision, recall, f1, logLoss from positive-class probabilities and 0/1 labels.</summary>
    public static IReadOnlyDictionary<string, double> Binary(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels)
    {
        RequireSameLength(probabilities.Length, labels.Length);
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = probabilities[i] > 0.5f;
            var actual = labels[i] == 1f;
            if (predicted && actual) tp++;
            else if (predicted) fp++;
            else if (actual) fn++;
            else tn++;
        }
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        return new Dictionary<string, double>
        {
            ["auc"] = Auc(probabilities, labels),
            ["accuracy"] = labels.Length == 0 ? double.NaN : (double)(tp + tn) / labels.Length,
            ["precision"] = precision,
            ["recall"] = recall,
            ["f1"] = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall),
            ["logLoss"] = BinaryLogLoss(probabilities, labels),
        };
    }

    /// <summary>accuracy, macroF1, logLoss from row-major [N, classes] probabilities and class indices.</summary>
    public static IReadOnlyDictionary<string, double> Multiclass(ReadOnlySpan<float> probabilities, ReadOnlySpan<long> labels, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        RequireSameLength(probabilities.Length, labels.Length * (long)classes);
        var truePositives = new long[classes];
        var predictedCount = new long[classes];
        var actualCount = new long[classes];
        long correct = 0;
        double logLoss = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            var predicted = ArgMax(row);
            var actual = (int)labels[i];
            if ((uint)actual >= (uint)classes)
                throw new ArgumentException($"Label {actual} at row {i} is outside 0..{classes - 1}.", nameof(labels));
            predictedCount[predicted]++;
            actualCount[actual]++;
            if (predicted == actual)
            {
                correct++;
                truePositives[actual]++;
            }
            logLoss -= Math.Log(Clip(row[actual]));
        }

        double f1Sum = 0;
        var present = 0;
        for (var c = 0; c < classes; c++)
        {
            if (predictedCount[c] == 0 && actualCount[c] == 0) continue;
            present++;
            // F1 = 2TP / (2TP + FP + FN) = 2TP / (predicted + actual); 0 when the class is never hit.
            f1Sum += 2.0 * truePositives[c] / (predictedCount[c] + actualCount[c]);
        }
        var n = labels.Length;
        return new Dictionary<string, double>
        {
            ["accuracy"] = n == 0 ? double.NaN : (double)correct / n,
            ["macroF1"] = present == 0 ? double.NaN : f1Sum / present,
            ["logLoss"] = n == 0 ? double.NaN : logLoss / n,
        };
    }

    /// <summary>rmse, mae, mape, wape, r2 of predictions against targets.</summary>
    public static IReadOnlyDictionary<string, double> Regression(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        RequireSameLength(predictions.Length, targets.Length);
        var n = targets.Length;
        double squared = 0, absolute = 0, percentage = 0, targetSum = 0, absoluteTargetSum = 0;
        long nonZero = 0;
        for (var i = 0; i < n; i++)
        {
            double error = predictions[i] - (double)targets[i];
            squared += error * error;
            absolute += Math.Abs(error);
            targetSum += targets[i];
            absoluteTargetSum += Math.Abs((double)targets[i]);
            if (targets[i] != 0)
            {
                percentage += Math.Abs(error / targets[i]);
                nonZero++;
            }
        }
        var mean = targetSum / n;
        double total = 0;
        for (var i = 0; i < n; i++) total += (targets[i] - mean) * (targets[i] - mean);
        return new Dictionary<string, double>
        {
            ["rmse"] = n == 0 ? double.NaN : Math.Sqrt(squared / n),
            ["mae"] = n == 0 ? double.NaN : absolute / n,
            ["mape"] = nonZero == 0 ? double.NaN : percentage / nonZero,
            ["wape"] = absoluteTargetSum == 0 ? double.NaN : absolute / absoluteTargetSum,
            ["r2"] = total == 0 ? double.NaN : 1 - squared / total,
        };
    }

    /// <summary>
    /// Area under the ROC curve as the Mann–Whitney statistic: the probability that a random positive scores
    /// above a random negative, ties counting one half (average ranks). NaN unless both classes are present or
    /// when a score is NaN.
    /// </summary>
    public static double Auc(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels)
    {
        RequireSameLength(scores.Length, labels.Length);
        var n = scores.Length;
        var order = new int[n];
        var keys = new float[n];
        long positives = 0;
        for (var i = 0; i < n; i++)
        {
            if (float.IsNaN(scores[i])) return double.NaN;
            order[i] = i;
            keys[i] = scores[i];
            if (labels[i] == 1f) positives++;
        }
        var negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;

        Array.Sort(keys, order);
        double positiveRankSum = 0;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            // Rows start..end-1 share ranks start+1..end; each gets their mean.
            var averageRank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                if (labels[order[k]] == 1f) positiveRankSum += averageRank;
            }
            start = end;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Mean binary cross-entropy with clipped probabilities.</summary>
    public static double BinaryLogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels)
    {
        RequireSameLength(probabilities.Length, labels.Length);
        if (labels.Length == 0) return double.NaN;
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            // The probability given to the true class, clipped: for y = 0 that is 1 − p, computed before clipping so
            // both classes are clipped alike (clipping p to 1 − 1e−15 first would leave 1.11e−15, not 1e−15).
            var trueClass = labels[i] == 1f ? probabilities[i] : 1 - (double)probabilities[i];
            sum -= Math.Log(Clip(trueClass));
        }
        return sum / labels.Length;
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

    private static void RequireSameLength(long a, long b)
    {
        if (a != b) throw new ArgumentException($"Length mismatch: {a} predictions for {b} expected values.");
    }
}
