using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// Judges a candidate ModelVersion against its Model's gates. Pure: everything it needs is passed in.
/// <list type="bullet">
/// <item>min / max: the candidate's metric against the bound.</item>
/// <item>maxRegression: against the production version's value of the same metric (and slice), in the
/// metric's direction (<see cref="TaskMetrics.HigherIsBetter"/>: rmse, mae, mape, logLoss lose by going
/// up). With no production version, or one without that metric, the gate is not judged — there is
/// nothing to regress from.</item>
/// <item>beatsBaseline: at least as good as the linear baseline trained beside it, in the metric's direction.</item>
/// <item>slice: the gate applies to one slice (column=value) or to every slice of the column; a slice with
/// fewer test rows than minRows (default <see cref="SliceSelector.DefaultMinRows"/>) is "not judged: N rows"
/// and does not fail the version. A version that reports no row counts has every slice judged.</item>
/// </list>
/// A metric or slice the candidate does not report fails its gate: an unmeasured version must not ship.
/// Promotion auto approves a version that fails no gate; manual also needs it in approvedVersions and
/// otherwise leaves it a Candidate awaiting approval. A failed gate rejects it either way.
/// </summary>
public static class GateEvaluator
{
    /// <summary>Comparisons forgive this much, so that 0.83 − 0.01 does not fail a value of exactly 0.82.</summary>
    public const double Tolerance = 1e-9;

    public static GateEvaluation Evaluate(ModelSpec model, ModelVersionSpec candidate, ModelVersionSpec? production)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(candidate);
        var results = (model.Gates ?? []).SelectMany(g => Judge(g, candidate, production)).ToList();
        var failed = results.Where(r => r.Verdict == GateVerdict.Failed).ToList();
        if (failed.Count > 0)
        {
            var list = string.Join("; ", failed.Select(Describe));
            return new(ModelVersionPhase.Rejected, results, GateReasons.GatesFailed,
                $"version {candidate.Version}: {failed.Count} of {results.Count} gates failed: {list}");
        }
        var summary = Summary(candidate.Version, results);
        if (model.Promotion != PromotionPolicy.Manual)
        {
            return new(ModelVersionPhase.Approved, results, GateReasons.GatesPassed, summary);
        }
        return model.ApprovedVersions?.Contains(candidate.Version) == true
            ? new(ModelVersionPhase.Approved, results, GateReasons.ManuallyApproved, $"{summary}; approved in spec.approvedVersions")
            : new(ModelVersionPhase.Candidate, results, GateReasons.AwaitingApproval,
                $"{summary}; promotion is manual: add {candidate.Version} to spec.approvedVersions to approve it");
    }

    private static string Summary(int version, List<GateResult> results)
    {
        var notJudged = results.Where(r => r.Verdict == GateVerdict.NotJudged).ToList();
        var text = $"version {version}: {results.Count - notJudged.Count} of {results.Count} gates passed";
        return notJudged.Count == 0 ? text : $"{text}, {notJudged.Count} not judged ({string.Join("; ", notJudged.Select(Describe))})";
    }

    private static string Describe(GateResult r) => r.Slice is null ? $"{r.Gate}: {r.Message}" : $"{r.Gate} [{r.Slice}]: {r.Message}";

    private static IEnumerable<GateResult> Judge(GateSpec gate, ModelVersionSpec candidate, ModelVersionSpec? production)
    {
        var name = Name(gate);
        if (gate.Slice is not { } slice)
        {
            yield return JudgeOne(gate, name, null, null, candidate.Metrics, production?.Metrics, production?.Version, candidate.BaselineMetrics);
            yield break;
        }
        var all = candidate.SliceMetrics ?? [];
        var prefix = slice.Column + "=";
        var keys = slice.Value is { } value
            ? [prefix + value]
            : all.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            yield return Fail(name, null, null, null, $"version reports no slices of column {slice.Column}");
            yield break;
        }
        var minRows = slice.MinRows ?? SliceSelector.DefaultMinRows;
        foreach (var key in keys)
        {
            int? rows = candidate.SliceRows?.TryGetValue(key, out var n) == true ? n : null;
            if (!all.TryGetValue(key, out var metrics))
            {
                yield return Fail(name, key, rows, null, "version reports no metrics for this slice");
            }
            else if (rows < minRows)
            {
                yield return NotJudged(name, key, rows, metrics.TryGetValue(gate.Metric, out var v) ? v : null, $"not judged: {rows} rows < minRows {minRows}");
            }
            else
            {
                // A baseline is trained overall only (the CRD refuses beatsBaseline per slice), so no baseline here.
                yield return JudgeOne(gate, name, key, rows, metrics, production?.SliceMetrics?.GetValueOrDefault(key), production?.Version, null);
            }
        }
    }

    private static GateResult JudgeOne(GateSpec gate, string name, string? slice, int? rows, IReadOnlyDictionary<string, double>? metrics,
        IReadOnlyDictionary<string, double>? productionMetrics, int? productionVersion, IReadOnlyDictionary<string, double>? baseline)
    {
        var metric = gate.Metric;
        if (metrics is null || !metrics.TryGetValue(metric, out var value))
        {
            return Fail(name, slice, rows, null, $"version reports no {metric}");
        }
        var higher = TaskMetrics.HigherIsBetter(metric);
        var v = PlanText.Number(value);
        if (gate.Min is { } min)
        {
            return value >= min - Tolerance
                ? Pass(name, slice, rows, value, min, null, $"{v} ≥ min {PlanText.Number(min)}")
                : Fail(name, slice, rows, value, $"{v} < min {PlanText.Number(min)}", min);
        }
        if (gate.Max is { } max)
        {
            return value <= max + Tolerance
                ? Pass(name, slice, rows, value, max, null, $"{v} ≤ max {PlanText.Number(max)}")
                : Fail(name, slice, rows, value, $"{v} > max {PlanText.Number(max)}", max);
        }
        if (gate.MaxRegression is { } allowed)
        {
            if (productionVersion is null)
            {
                return NotJudged(name, slice, rows, value, "not judged: no version in production to compare with");
            }
            if (productionMetrics is null || !productionMetrics.TryGetValue(metric, out var reference))
            {
                return NotJudged(name, slice, rows, value, $"not judged: production version {productionVersion} reports no {metric}");
            }
            var loss = higher ? reference - value : value - reference;
            var threshold = higher ? reference - allowed : reference + allowed;
            var against = $"{v} against production version {productionVersion}'s {PlanText.Number(reference)}";
            return loss <= allowed + Tolerance
                ? Pass(name, slice, rows, value, threshold, reference, loss > 0 ? $"{against}: lost {PlanText.Number(loss)} ≤ maxRegression {PlanText.Number(allowed)}" : $"{against}: no loss")
                : Fail(name, slice, rows, value, $"{against}: lost {PlanText.Number(loss)} > maxRegression {PlanText.Number(allowed)}", threshold, reference);
        }
        if (gate.BeatsBaseline == true)
        {
            if (baseline is null || !baseline.TryGetValue(metric, out var reference))
            {
                return Fail(name, slice, rows, value, $"version reports no baseline {metric} to beat");
            }
            var beats = higher ? value >= reference - Tolerance : value <= reference + Tolerance;
            var text = $"{v} against the baseline's {PlanText.Number(reference)} ({(higher ? "higher" : "lower")} is better)";
            return beats ? Pass(name, slice, rows, value, reference, reference, text) : Fail(name, slice, rows, value, text, reference, reference);
        }
        return NotJudged(name, slice, rows, value, "beatsBaseline: false asks nothing");
    }

    /// <summary>The gate as a person wrote it: "auc min 0.75", "rmse maxRegression 0.01", "auc beatsBaseline".</summary>
    public static string Name(GateSpec gate)
    {
        var kind = gate switch
        {
            { Min: { } min } => $"min {PlanText.Number(min)}",
            { Max: { } max } => $"max {PlanText.Number(max)}",
            { MaxRegression: { } r } => $"maxRegression {PlanText.Number(r)}",
            { BeatsBaseline: true } => "beatsBaseline",
            _ => "beatsBaseline false",
        };
        return $"{gate.Metric} {kind}";
    }

    private static GateResult Pass(string gate, string? slice, int? rows, double value, double? threshold, double? reference, string message) =>
        new() { Gate = gate, Passed = true, Verdict = GateVerdict.Passed, Slice = slice, Rows = rows, Value = value, Threshold = threshold, Reference = reference, Message = message };

    private static GateResult Fail(string gate, string? slice, int? rows, double? value, string message, double? threshold = null, double? reference = null) =>
        new() { Gate = gate, Passed = false, Verdict = GateVerdict.Failed, Slice = slice, Rows = rows, Value = value, Threshold = threshold, Reference = reference, Message = message };

    private static GateResult NotJudged(string gate, string? slice, int? rows, double? value, string message) =>
        new() { Gate = gate, Passed = true, Verdict = GateVerdict.NotJudged, Slice = slice, Rows = rows, Value = value, Message = message };
}
