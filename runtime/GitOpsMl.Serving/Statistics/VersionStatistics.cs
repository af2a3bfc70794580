using GitOpsMl.Api.Bundles;
using GitOpsMl.Serving.Batching;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Observability;
using Prometheus;

namespace GitOpsMl.Serving.Statistics;

/// <summary>
/// Streaming drift statistics of one model version: every served row is counted on the
/// reference bins/categories of profile.json, and its prediction on the score bins, in a sliding
/// window. Each row is also checked against what training saw — numeric values outside the
/// training [min, max], categories never seen — counted per feature here and, when given, in
/// Prometheus counters (labels: feature names from the bundle, never from a request).
/// Recording happens on the batch worker after the answers went out; one lock per batch.
/// </summary>
public sealed class VersionStatistics
{
    private readonly object _gate = new();
    private readonly StatsLayout _layout;
    private readonly SlidingWindow _window;
    private readonly ModelSchema _schema;
    private readonly DataProfile _profile;
    private readonly TimeProvider _time;
    private readonly TimeSpan _length;

    private readonly Counter.Child[]? _outOfRange;
    private readonly Counter.Child[]? _unseen;

    public VersionStatistics(ModelSchema schema, DataProfile profile, TimeSpan window, int buckets, TimeProvider time,
        ServingMetrics? metrics = null, string? model = null, string? version = null)
    {
        _schema = schema;
        _profile = profile;
        _time = time;
        _length = window;
        _layout = new StatsLayout(schema, profile);
        _window = new SlidingWindow(window, buckets, _layout.CountSlots, _layout.MomentSlots);
        if (metrics is not null)
        {
            // Created at load, so every feature's series exists (at 0) before the first surprise.
            _outOfRange = _layout.Features.Select(f => metrics.FeatureOutOfRange.WithLabels(model!, version!, f.Name)).ToArray();
            _unseen = _layout.Features.Select(f => metrics.FeatureUnseen.WithLabels(model!, version!, f.Name)).ToArray();
        }
    }

    public StatsLayout Layout => _layout;

    public void Record(IReadOnlyList<BatchItem> items, float[] output, int width)
    {
        var now = _time.GetUtcNow();
        Span<long> surprises = _layout.Features.Count <= 64 ? stackalloc long[_layout.Features.Count] : new long[_layout.Features.Count];
        lock (_gate)
        {
            var bucket = _window.Current(now);
            var counts = bucket.Counts;
            var moments = bucket.Moments;
            var at = 0;
            foreach (var item in items)
            {
                var batch = item.Rows;
                for (var c = 0; c < _layout.Features.Count; c++)
                {
                    var feature = _layout.Features[c];
                    if (feature.IsNumeric && batch.Seconds[c] is { } seconds)
                    {
                        foreach (var v in seconds)
                        {
                            if (feature.RecordNumber(counts, moments, (float)v)) surprises[c]++;
                        }
                    }
                    else if (feature.IsNumeric)
                    {
                        foreach (var v in batch.Numbers[c]!)
                        {
                            if (feature.RecordNumber(counts, moments, v)) surprises[c]++;
                        }
                    }
                    else
                    {
                        foreach (var s in batch.Strings[c]!)
                        {
                            if (feature.RecordCategory(counts, s)) surprises[c]++;
                        }
                    }
                }
                for (var r = 0; r < batch.Rows; r++)
                {
                    RecordPrediction(counts, moments, output.AsSpan((at + r) * width, width));
                }
                at += batch.Rows;
                counts[0] += batch.Rows;
            }
        }
        if (_outOfRange is null) return;
        for (var c = 0; c < surprises.Length; c++)
        {
            if (surprises[c] == 0) continue;
            (_layout.Features[c].IsNumeric ? _outOfRange : _unseen!)[c].Inc(surprises[c]);
        }
    }

    private void RecordPrediction(long[] counts, double[] moments, ReadOnlySpan<float> row)
    {
        if (_layout.PredictedClass is { } classes)
        {
            var anyNaN = false;
            foreach (var p in row) anyNaN |= float.IsNaN(p);
            if (anyNaN) counts[classes.MissingSlot]++;
            else counts[classes.Offset + ModelSchema.ArgMax(row)]++;
        }
        if (_layout.Score is { } score)
        {
            score.RecordNumber(counts, moments, _schema.Task == ModelTask.Binary ? row[1] : row[0]);
        }
    }

    public (DateTimeOffset Start, DateTimeOffset End, long Samples, IReadOnlyDictionary<string, FeatureStats> Features, PredictionStats Predictions) Snapshot()
    {
        var now = _time.GetUtcNow();
        var counts = new long[_layout.CountSlots];
        var moments = new double[_layout.MomentSlots];
        DateTimeOffset start;
        lock (_gate)
        {
            start = _window.Sum(now, counts, moments);
        }
        if (now - start > _length) start = now - _length;
        var features = new Dictionary<string, FeatureStats>(StringComparer.Ordinal);
        foreach (var f in _layout.Features)
        {
            features[f.Name] = Describe(f, counts, moments, _profile.Columns.GetValueOrDefault(f.Name));
        }
        var predictions = new PredictionStats
        {
            Count = counts[0],
            Classes = _layout.PredictedClass is { } c ? c.Categories.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => counts[c.Offset + x.i]) : null,
            Score = _layout.Score is { } s ? Describe(s, counts, moments, _profile.Predictions) : null,
        };
        return (start, now, counts[0], features, predictions);
    }

    private static FeatureStats Describe(FeatureLayout f, long[] counts, double[] moments, ColumnProfile? reference)
    {
        if (f.IsNumeric)
        {
            var bins = counts.AsSpan(f.Offset, f.ValueSlots).ToArray();
            var n = moments[f.MomentOffset];
            double? mean = n > 0 ? moments[f.MomentOffset + 1] / n : null;
            double? std = n > 1 ? Math.Sqrt(Math.Max(0, (moments[f.MomentOffset + 2] - n * mean!.Value * mean.Value) / (n - 1))) : null;
            var referenceBins = reference?.BinCounts is { } rb && rb.Count == bins.Length && f.Edges.Length > 0 ? rb : null;
            return new FeatureStats
            {
                Kind = "numeric",
                Count = bins.Sum() + counts[f.MissingSlot],
                Missing = counts[f.MissingSlot],
                BinEdges = f.Edges,
                BinCounts = bins,
                ReferenceBinCounts = referenceBins,
                Mean = mean,
                Std = std,
                OutOfRange = counts[f.OutOfRangeSlot],
                ReferenceMin = f.Min,
                ReferenceMax = f.Max,
            };
        }
        var categories = f.Categories.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => counts[f.Offset + x.i], StringComparer.Ordinal);
        return new FeatureStats
        {
            Kind = "categorical",
            Count = categories.Values.Sum() + counts[f.UnseenSlot] + counts[f.MissingSlot],
            Missing = counts[f.MissingSlot],
            Categories = categories,
            Unseen = counts[f.UnseenSlot],
            ReferenceFrequencies = reference?.Frequencies,
        };
    }
}
