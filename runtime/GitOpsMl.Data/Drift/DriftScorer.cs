using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Drift;

/// <summary>
/// Lines a live window up with the serving version's profile.json and scores each feature and the
/// predictions with <see cref="DriftCalculator"/>. Numeric: profile BinCounts against live BinCounts
/// on the same edges. Categorical: the profile's categories, plus one "unseen" bucket holding the
/// profile's remainder (Count − ΣFrequencies: categories beyond the profile's top ones) on the
/// reference side and the server's Unseen count on the live side. Missing values are left out on
/// both sides: drift compares the distribution of the values present.
/// </summary>
public static class DriftScorer
{
    /// <summary>The name <see cref="Predictions"/> reports under.</summary>
    public const string PredictionsFeature = "predictions";

    /// <summary>
    /// One result per feature, in ordinal name order: those listed in <paramref name="features"/>, or,
    /// when it is null or empty, every feature that profile.json or the window has.
    /// </summary>
    public static IReadOnlyList<FeatureDrift> Features(DataProfile profile, LiveWindow window, DriftMethod method, IReadOnlyCollection<string>? features = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(window);
        IEnumerable<string> names = features is { Count: > 0 } ? features : profile.Columns.Keys.Union(window.Features.Keys);
        return names.Distinct().Order(StringComparer.Ordinal)
            .Select(name => Score(name, method, profile.Columns.GetValueOrDefault(name), window.Features.GetValueOrDefault(name)))
            .ToList();
    }

    /// <summary>
    /// Prediction drift: binary and regression compare the score histogram, multiclass the predicted
    /// classes, against profile.json's Predictions.
    /// </summary>
    public static FeatureDrift Predictions(DataProfile profile, LiveWindow window, DriftMethod method)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(window);
        var reference = profile.Predictions;
        var live = window.Predictions;
        LiveFeatureCounts? counts = reference?.Kind == ColumnProfile.CategoricalKind && live?.Classes is { } classes
            ? new LiveFeatureCounts { Kind = ColumnProfile.CategoricalKind, Count = classes.Values.Sum(), Categories = classes, Unseen = 0 }
            : live?.Score;
        return Score(PredictionsFeature, method, reference, counts);
    }

    private static FeatureDrift Score(string name, DriftMethod method, ColumnProfile? reference, LiveFeatureCounts? live)
    {
        if (reference is null) return new FeatureDrift(name, method, null, 0, FeatureDrift.NoReference);
        if (live is null) return new FeatureDrift(name, method, null, 0, FeatureDrift.NotServed);
        if (reference.Kind != live.Kind) return new FeatureDrift(name, method, null, 0, FeatureDrift.KindsDiffer);
        var (counts, reason) = reference.Kind == ColumnProfile.NumericKind ? Numeric(reference, live) : Categorical(reference, live);
        if (counts is null) return new FeatureDrift(name, method, null, 0, reason);
        var samples = counts.LiveTotal;
        if (counts.ReferenceTotal == 0) return new FeatureDrift(name, method, null, samples, FeatureDrift.NoReference);
        if (samples == 0) return new FeatureDrift(name, method, null, 0, FeatureDrift.NoLiveValues);
        return new FeatureDrift(name, method, DriftCalculator.Score(method, counts), samples);
    }

    private static (BinnedCounts?, string?) Numeric(ColumnProfile reference, LiveFeatureCounts live)
    {
        var edges = reference.BinEdges ?? [];
        if (reference.BinCounts is not { } referenceBins || referenceBins.Count != edges.Count + 1)
        {
            return (null, FeatureDrift.NoReference);
        }
        if (live.BinCounts is not { } liveBins || liveBins.Count != referenceBins.Count || !(live.BinEdges ?? []).SequenceEqual(edges))
        {
            return (null, FeatureDrift.EdgesDiffer);
        }
        return (new BinnedCounts(referenceBins, liveBins, NumericAxis.FromProfile(edges, reference.Min, reference.Max, reference.Std)), null);
    }

    private static (BinnedCounts?, string?) Categorical(ColumnProfile reference, LiveFeatureCounts live)
    {
        if (reference.Frequencies is not { } frequencies) return (null, FeatureDrift.NoReference);
        // The server keeps no slot for an empty category (it counts as missing), so neither do we.
        var categories = frequencies.Keys.Where(k => k.Length > 0).Order(StringComparer.Ordinal).ToList();
        var known = categories.ToHashSet(StringComparer.Ordinal);
        var liveCategories = live.Categories ?? new Dictionary<string, long>();
        var referenceCounts = categories.Select(c => frequencies[c]).ToList();
        referenceCounts.Add(Math.Max(0, reference.Count - frequencies.Values.Sum()));
        var liveCounts = categories.Select(c => liveCategories.GetValueOrDefault(c)).ToList();
        liveCounts.Add((live.Unseen ?? 0) + liveCategories.Where(c => !known.Contains(c.Key)).Sum(c => c.Value));
        return (new BinnedCounts(referenceCounts, liveCounts), null);
    }
}
