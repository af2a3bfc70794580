using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// Judges one monitor window from already-computed scores, with defaults that do not cry wolf:
/// <list type="bullet">
/// <item>A window with fewer than drift.minSamples rows (labelled rows below quality.minSamples) is not
/// judged: its breach count and condition stay as they were — too little data neither clears nor extends a breach.</item>
/// <item>A window breaches when any watched feature scores above drift.threshold or the predictions above
/// predictionDrift.threshold; Drifting holds from drift.consecutiveWindows breaches in a row, and a
/// window without breach clears it. Live quality outside its min/max counts the same way, with the same
/// consecutiveWindows (the spec has one such setting).</item>
/// <item>Windows in a row are disjoint: the servers' statistics slide over drift.window, so a breach extends
/// the count only when a full window has elapsed since the breach counted last; a breach seen sooner keeps
/// the count (and the condition) as it was. The first breach counts at once.</item>
/// <item>The worst feature is the one furthest above its threshold (score / threshold), so the
/// predictions, with their own threshold, compare fairly with the features.</item>
/// <item>Actions per <see cref="MonitorActionDecision"/>: the spec's onDrift / onQualityBreach (default alert) while
/// the condition holds, flagged Onset in the window it began.</item>
/// </list>
/// </summary>
public static class MonitorEvaluator
{
    public const string DriftingCondition = ConditionTypes.Drifting;
    public const string QualityBreachedCondition = "QualityBreached";

    /// <summary>When the window after <paramref name="state"/> is due: spec.interval (default 1m) after the last.</summary>
    public static DateTimeOffset NextDue(MonitorSpec spec, MonitorState state, DateTimeOffset now) =>
        state.LastEvaluated is { } last ? last + Interval(spec) : now;

    public static MonitorVerdict Evaluate(MonitorSpec spec, MonitorState previous, MonitorWindow window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(window);
        var needed = spec.Drift?.ConsecutiveWindows ?? 3;
        var span = window.Span ?? Window(spec);
        var drift = Drift(spec, previous, window, new Counting(needed, span, previous.DriftBreaches, previous.DriftCountedAt, now));
        var quality = Quality(spec, previous, window, new Counting(needed, span, previous.QualityBreaches, previous.QualityCountedAt, now));
        var next = new MonitorState(now, drift.Breaches, quality.Breaches, drift.Holds, quality.Holds, drift.CountedAt, quality.CountedAt);
        var actions = new List<MonitorActionDecision>();
        if (drift.Holds)
        {
            actions.Add(new(spec.Actions?.OnDrift ?? MonitorAction.Alert, DriftingCondition, !previous.Drifting, drift.Message));
        }
        if (quality.Holds)
        {
            actions.Add(new(spec.Actions?.OnQualityBreach ?? MonitorAction.Alert, QualityBreachedCondition, !previous.QualityBreached, quality.Message));
        }
        return new MonitorVerdict(next, now + Interval(spec), drift.Reason, drift.Message, quality.Reason, quality.Message, drift.Worst?.Feature, drift.Worst?.Score, actions);
    }

    private sealed record Judged(string Feature, double Score, double Threshold, DriftMethod Method)
    {
        public double Ratio => Score / Threshold;

        public override string ToString() => $"{Feature} {Name(Method)} {PlanText.Number(Score)} {(Score > Threshold ? ">" : "≤")} {PlanText.Number(Threshold)}";
    }

    private sealed record Outcome(int Breaches, bool Holds, string Reason, string Message, Judged? Worst = null, DateTimeOffset? CountedAt = null);

    /// <summary>Breaches in a row, counted once per disjoint window.</summary>
    private sealed record Counting(int Needed, TimeSpan Span, int Previous, DateTimeOffset? CountedAt, DateTimeOffset Now)
    {
        private bool Fresh => Previous == 0 || CountedAt is null || Now - CountedAt >= Span;

        public int Breaches => Fresh ? Previous + 1 : Previous;

        public DateTimeOffset? At => Fresh ? Now : CountedAt;

        public string Text => $"{Math.Min(Breaches, Needed)} of {Needed} windows in a row"
            + (Fresh || Breaches >= Needed ? "" : $" (the next counts from {At + Span:HH:mm:ss}, a window of {PlanText.Duration(Span)} later)");
    }

    private static Outcome Drift(MonitorSpec spec, MonitorState previous, MonitorWindow window, Counting counting)
    {
        if (spec.Drift is null && spec.PredictionDrift is null)
        {
            return new(0, false, MonitorReasons.NotWatched, "no drift or predictionDrift in the spec");
        }
        var minSamples = spec.Drift?.MinSamples ?? 500;
        if (window.Samples < minSamples)
        {
            return new(previous.DriftBreaches, previous.Drifting, MonitorReasons.NotEnoughSamples,
                $"not judged: {window.Samples} samples < minSamples {minSamples}", CountedAt: previous.DriftCountedAt);
        }
        var judged = new List<Judged>();
        var skipped = new List<string>();
        if (spec.Drift is { } d)
        {
            var watched = d.Features is { Count: > 0 } names ? names.ToHashSet(StringComparer.Ordinal) : null;
            foreach (var f in window.Features.Where(f => watched?.Contains(f.Feature) != false))
            {
                if (f.Score is { } s) judged.Add(new(f.Feature, s, d.Threshold ?? 0.2, d.Method ?? DriftMethod.Psi));
                else skipped.Add($"{f.Feature}: {f.NotJudged ?? "not judged"}");
            }
        }
        if (spec.PredictionDrift is { } p && window.Predictions is { } predictions)
        {
            if (predictions.Score is { } s) judged.Add(new(predictions.Feature, s, p.Threshold ?? 0.2, p.Method ?? DriftMethod.Psi));
            else skipped.Add($"{predictions.Feature}: {predictions.NotJudged ?? "not judged"}");
        }
        if (judged.Count == 0)
        {
            return new(previous.DriftBreaches, previous.Drifting, MonitorReasons.NotEnoughSamples,
                $"not judged: no feature could be scored ({string.Join("; ", skipped)})", CountedAt: previous.DriftCountedAt);
        }
        var ranked = judged.OrderByDescending(j => j.Ratio).ThenBy(j => j.Feature, StringComparer.Ordinal).ToList();
        var worst = ranked[0];
        var breaching = ranked.Where(j => j.Score > j.Threshold).ToList();
        if (breaching.Count == 0)
        {
            return new(0, false, MonitorReasons.NoDrift, $"worst {worst} over {window.Samples} samples", worst);
        }
        var breaches = counting.Breaches;
        var also = breaching.Count > 1 ? $"; also {string.Join(", ", breaching.Skip(1))}" : "";
        var message = $"{worst}, {counting.Text}{also}";
        return breaches >= counting.Needed
            ? new(breaches, true, MonitorReasons.DriftDetected, message, worst, counting.At)
            : new(breaches, false, MonitorReasons.DriftBreaching, message, worst, counting.At);
    }

    private static Outcome Quality(MonitorSpec spec, MonitorState previous, MonitorWindow window, Counting counting)
    {
        if (spec.Quality is not { } q)
        {
            return new(0, false, MonitorReasons.NotWatched, "no quality in the spec");
        }
        var minSamples = q.MinSamples ?? 200;
        if (window.Labeled < minSamples)
        {
            return new(previous.QualityBreaches, previous.QualityBreached, MonitorReasons.NotEnoughLabels,
                $"not judged: {window.Labeled} labelled rows < minSamples {minSamples}", CountedAt: previous.QualityCountedAt);
        }
        if (window.Quality?.TryGetValue(q.Metric, out var value) != true)
        {
            return new(previous.QualityBreaches, previous.QualityBreached, MonitorReasons.QualityNotMeasured,
                $"not judged: no live {q.Metric} from {window.Labeled} labelled rows", CountedAt: previous.QualityCountedAt);
        }
        var text = q.Min is { } min
            ? $"live {q.Metric} {PlanText.Number(value)} {(value < min ? "<" : "≥")} min {PlanText.Number(min)}"
            : $"live {q.Metric} {PlanText.Number(value)} {(value > q.Max ? ">" : "≤")} max {PlanText.Number(q.Max ?? double.PositiveInfinity)}";
        var bad = value < q.Min || value > q.Max;
        if (!bad)
        {
            return new(0, false, MonitorReasons.QualityOk, $"{text} over {window.Labeled} labelled rows");
        }
        var breaches = counting.Breaches;
        var message = $"{text}, {counting.Text}";
        return breaches >= counting.Needed
            ? new(breaches, true, MonitorReasons.QualityBelowThreshold, message, CountedAt: counting.At)
            : new(breaches, false, MonitorReasons.QualityBreaching, message, CountedAt: counting.At);
    }

    private static TimeSpan Interval(MonitorSpec spec) => GoDuration.Parse(spec.Interval ?? "1m");

    /// <summary>The span the spec asks the servers' statistics to cover (drift.window, default 1h).</summary>
    public static TimeSpan Window(MonitorSpec spec) => GoDuration.Parse(spec.Drift?.Window ?? "1h");

    private static string Name(DriftMethod method) => method switch
    {
        DriftMethod.Psi => "psi",
        DriftMethod.Ks => "ks",
        DriftMethod.ChiSquare => "chiSquare",
        DriftMethod.JensenShannon => "jensenShannon",
        _ => "wasserstein",
    };
}
