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
        var drift = Drift(spec, previous, window, needed);
        var quality = Quality(spec, previous, window, needed);
        var next = new MonitorState(now, drift.Breaches, quality.Breaches, drift.Holds, quality.Holds);
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

    private sealed record Outcome(int Breaches, bool Holds, string Reason, string Message, Judged? Worst = null);

    private static Outcome Drift(MonitorSpec spec, MonitorState previous, MonitorWindow window, int needed)
    {
        if (spec.Drift is null && spec.PredictionDrift is null)
        {
            return new(0, false, MonitorReasons.NotWatched, "no drift or predictionDrift in the spec");
        }
        var minSamples = spec.Drift?.MinSamples ?? 500;
        if (window.Samples < minSamples)
        {
            return new(previous.DriftBreaches, previous.Drifting, MonitorReasons.NotEnoughSamples,
                $"not judged: {window.Samples} samples < minSamples {minSamples}");
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
                $"not judged: no feature could be scored ({string.Join("; ", skipped)})");
        }
        var ranked = judged.OrderByDescending(j => j.Ratio).ThenBy(j => j.Feature, StringComparer.Ordinal).ToList();
        var worst = ranked[0];
        var breaching = ranked.Where(j => j.Score > j.Threshold).ToList();
        if (breaching.Count == 0)
        {
            return new(0, false, MonitorReasons.NoDrift, $"worst {worst} over {window.Samples} samples", worst);
        }
        var breaches = previous.DriftBreaches + 1;
        var also = breaching.Count > 1 ? $"; also {string.Join(", ", breaching.Skip(1))}" : "";
        var message = $"{worst}, {Math.Min(breaches, needed)} of {needed} windows in a row{also}";
        return breaches >= needed
            ? new(breaches, true, MonitorReasons.DriftDetected, message, worst)
            : new(breaches, false, MonitorReasons.DriftBreaching, message, worst);
    }

    private static Outcome Quality(MonitorSpec spec, MonitorState previous, MonitorWindow window, int needed)
    {
        if (spec.Quality is not { } q)
        {
            return new(0, false, MonitorReasons.NotWatched, "no quality in the spec");
        }
        var minSamples = q.MinSamples ?? 200;
        if (window.Labeled < minSamples)
        {
            return new(previous.QualityBreaches, previous.QualityBreached, MonitorReasons.NotEnoughLabels,
                $"not judged: {window.Labeled} labelled rows < minSamples {minSamples}");
        }
        if (window.Quality?.TryGetValue(q.Metric, out var value) != true)
        {
            return new(previous.QualityBreaches, previous.QualityBreached, MonitorReasons.QualityNotMeasured,
                $"not judged: no live {q.Metric} from {window.Labeled} labelled rows");
        }
        var text = q.Min is { } min
            ? $"live {q.Metric} {PlanText.Number(value)} {(value < min ? "<" : "≥")} min {PlanText.Number(min)}"
            : $"live {q.Metric} {PlanText.Number(value)} {(value > q.Max ? ">" : "≤")} max {PlanText.Number(q.Max ?? double.PositiveInfinity)}";
        var bad = value < q.Min || value > q.Max;
        if (!bad)
        {
            return new(0, false, MonitorReasons.QualityOk, $"{text} over {window.Labeled} labelled rows");
        }
        var breaches = previous.QualityBreaches + 1;
        var message = $"{text}, {Math.Min(breaches, needed)} of {needed} windows in a row";
        return breaches >= needed
            ? new(breaches, true, MonitorReasons.QualityBelowThreshold, message)
            : new(breaches, false, MonitorReasons.QualityBreaching, message);
    }

    private static TimeSpan Interval(MonitorSpec spec) => GoDuration.Parse(spec.Interval ?? "1m");

    private static string Name(DriftMethod method) => method switch
    {
        DriftMethod.Psi => "psi",
        DriftMethod.Ks => "ks",
        DriftMethod.ChiSquare => "chiSquare",
        DriftMethod.JensenShannon => "jensenShannon",
        _ => "wasserstein",
    };
}
