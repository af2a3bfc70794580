using GitOpsMl.Controllers.Observation;
using GitOpsMl.Serving.Statistics;

namespace GitOpsMl.Local.Observation;

/// <summary>
/// Merges one version's statistics windows from several replicas into reference-vs-live
/// distributions: numeric bins summed on the shared profile edges; categories over the
/// reference's categories plus one "unseen" bucket. Label-feedback quality is averaged weighted by
/// each replica's labelled rows (exact for accuracy and MAE, an approximation for AUC and RMSE).
/// </summary>
public static class LiveWindowMerger
{
    public const string UnseenCategory = "(unseen)";

    public static LiveWindow Merge(string version, IReadOnlyList<VersionStats> windows)
    {
        var features = windows.SelectMany(w => w.Features.Keys).Distinct().Order(StringComparer.Ordinal)
            .Select(name => Distribution(name, windows.Select(w => w.Features.GetValueOrDefault(name)).OfType<FeatureStats>().ToList()))
            .OfType<LiveDistribution>()
            .ToList();
        var scores = windows.Select(w => w.Predictions.Score).OfType<FeatureStats>().ToList();
        var predictions = scores.Count > 0 ? Distribution("prediction", scores) : ClassDistribution(windows);
        var labeled = windows.Sum(w => w.Quality.Labeled);
        var quality = new Dictionary<string, double>();
        foreach (var metric in windows.SelectMany(w => w.Quality.Values().Select(v => v.Metric)).Distinct())
        {
            var weighted = windows.SelectMany(w => w.Quality.Values().Where(v => v.Metric == metric).Select(v => (v.Value, Weight: (double)w.Quality.Labeled))).ToList();
            var weight = weighted.Sum(x => x.Weight);
            if (weight > 0) quality[metric] = weighted.Sum(x => x.Value * x.Weight) / weight;
        }
        return new LiveWindow(version, windows.Sum(w => w.Samples), features, predictions, quality, labeled);
    }

    private static LiveDistribution? Distribution(string name, IReadOnlyList<FeatureStats> parts)
    {
        var first = parts[0];
        var samples = parts.Sum(p => p.Count - p.Missing);
        if (first.BinCounts is { } && first.ReferenceBinCounts is { } reference)
        {
            var live = new double[reference.Count];
            foreach (var p in parts.Where(p => p.BinCounts?.Count == reference.Count))
                for (var i = 0; i < live.Length; i++) live[i] += p.BinCounts![i];
            return new LiveDistribution(name, Categorical: false, reference.Select(c => (double)c).ToList(), live, samples);
        }
        if (first.ReferenceFrequencies is { } frequencies)
        {
            var categories = frequencies.Keys.Order(StringComparer.Ordinal).ToList();
            var live = categories.Select(c => (double)parts.Sum(p => p.Categories?.GetValueOrDefault(c) ?? 0)).Append(parts.Sum(p => p.Unseen ?? 0)).ToList();
            var referenceCounts = categories.Select(c => (double)frequencies[c]).Append(0).ToList();
            return new LiveDistribution(name, Categorical: true, referenceCounts, live, samples);
        }
        return null;
    }

    private static LiveDistribution? ClassDistribution(IReadOnlyList<VersionStats> windows)
    {
        var classes = windows.SelectMany(w => w.Predictions.Classes?.Keys ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0) return null;
        var live = classes.Select(c => (double)windows.Sum(w => w.Predictions.Classes?.GetValueOrDefault(c) ?? 0)).ToList();
        // The class distribution has no training reference in the stats window; the monitor compares it with profile.json's.
        return new LiveDistribution("prediction", Categorical: true, [], live, windows.Sum(w => w.Predictions.Count));
    }
}
