using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Quality;

/// <summary>Quality metrics of labelled predictions; pure functions.</summary>
public static class QualityMetrics
{
    private const double ProbabilityFloor = 1e-15;

    public static QualityStats Compute(ModelTask task, IReadOnlyList<LabeledSample> samples)
    {
        if (samples.Count == 0) return new QualityStats();
        if (task == ModelTask.Regression)
        {
            double se = 0, ae = 0, sp = 0, sl = 0;
            foreach (var s in samples)
            {
                var e = s.Score - s.Label;
                se += e * e;
                ae += Math.Abs(e);
                sp += s.Score;
                sl += s.Label;
            }
            var n = samples.Count;
            return new QualityStats { Labeled = n, Rmse = Math.Sqrt(se / n), Mae = ae / n, MeanPrediction = sp / n, MeanLabel = sl / n };
        }
        var correct = 0;
        double logLoss = 0;
        foreach (var s in samples)
        {
            if (s.Predicted == (int)s.Label) correct++;
            logLoss -= Math.Log(Math.Clamp(s.TrueClassProbability, ProbabilityFloor, 1.0));
        }
        return new QualityStats
        {
            Labeled = samples.Count,
            Accuracy = (double)correct / samples.Count,
            LogLoss = logLoss / samples.Count,
            Auc = task == ModelTask.Binary ? Auc(samples) : null,
            MeanPrediction = task == ModelTask.Binary ? samples.Average(s => s.Score) : null,
            MeanLabel = task == ModelTask.Binary ? samples.Average(s => s.Label) : null,
        };
    }

    /// <summary>ROC AUC by the rank-sum (Mann–Whitney) formula with average ranks for ties; null with a single class.</summary>
    public static double? Auc(IReadOnlyList<LabeledSample> samples)
    {
        var sorted = samples.OrderBy(s => double.IsNaN(s.Score) ? double.NegativeInfinity : s.Score).ToArray();
        double positives = sorted.Count(s => s.Label == 1);
        var negatives = sorted.Length - positives;
        if (positives == 0 || negatives == 0) return null;
        double rankSum = 0;
        var i = 0;
        while (i < sorted.Length)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1].Score.Equals(sorted[i].Score)) j++;
            var averageRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                if (sorted[k].Label == 1) rankSum += averageRank;
            }
            i = j + 1;
        }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
