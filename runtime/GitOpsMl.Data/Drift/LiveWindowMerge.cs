namespace GitOpsMl.Data.Drift;

/// <summary>
/// Sums the windows of several replicas of one version into one. Replicas load the same bundle, so
/// they count on the same edges and categories; a feature whose edges differ between replicas is
/// left out of the merge rather than summed wrongly (it is then reported as not served).
/// </summary>
public static class LiveWindowMerge
{
    public static LiveWindow Merge(IReadOnlyList<LiveWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 1) return windows[0];
        var features = new Dictionary<string, LiveFeatureCounts>(StringComparer.Ordinal);
        var conflicting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, counts) in windows.SelectMany(w => w.Features.Select(f => (f.Key, f.Value))))
        {
            if (conflicting.Contains(name)) continue;
            if (!features.TryGetValue(name, out var sum))
            {
                features[name] = counts;
            }
            else if (Add(sum, counts) is { } merged)
            {
                features[name] = merged;
            }
            else
            {
                features.Remove(name);
                conflicting.Add(name);
            }
        }
        var scores = windows.Select(w => w.Predictions?.Score).OfType<LiveFeatureCounts>().ToList();
        LiveFeatureCounts? score = scores.Count == 0 ? null : scores.Skip(1).Aggregate<LiveFeatureCounts, LiveFeatureCounts?>(scores[0], (a, b) => a is null ? null : Add(a, b));
        var predictions = windows.Any(w => w.Predictions is not null)
            ? new LivePredictionCounts
            {
                Count = windows.Sum(w => w.Predictions?.Count ?? 0),
                Classes = SumMaps(windows.Select(w => w.Predictions?.Classes)),
                Score = score,
            }
            : null;
        return new LiveWindow { Samples = windows.Sum(w => w.Samples), Features = features, Predictions = predictions };
    }

    private static LiveFeatureCounts? Add(LiveFeatureCounts a, LiveFeatureCounts b)
    {
        if (a.Kind != b.Kind) return null;
        IReadOnlyList<long>? bins = null;
        if (a.BinCounts is not null || b.BinCounts is not null)
        {
            if (a.BinCounts is null || b.BinCounts is null || a.BinCounts.Count != b.BinCounts.Count ||
                !(a.BinEdges ?? []).SequenceEqual(b.BinEdges ?? []))
            {
                return null;
            }
            bins = a.BinCounts.Zip(b.BinCounts, (x, y) => x + y).ToArray();
        }
        return a with
        {
            Count = a.Count + b.Count,
            Missing = a.Missing + b.Missing,
            BinCounts = bins,
            Categories = SumMaps([a.Categories, b.Categories]),
            Unseen = a.Unseen is null && b.Unseen is null ? null : (a.Unseen ?? 0) + (b.Unseen ?? 0),
        };
    }

    private static IReadOnlyDictionary<string, long>? SumMaps(IEnumerable<IReadOnlyDictionary<string, long>?> maps)
    {
        Dictionary<string, long>? sum = null;
        foreach (var map in maps)
        {
            if (map is null) continue;
            sum ??= new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (key, value) in map) sum[key] = sum.GetValueOrDefault(key) + value;
        }
        return sum;
    }
}
