using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Planning;

namespace GitOpsMl.Controllers.Tests.Planning;

public class GateEvaluatorTests
{
    private static ModelVersionSpec Version(int number, Dictionary<string, double> metrics, Dictionary<string, double>? baseline = null,
        Dictionary<string, Dictionary<string, double>>? slices = null, Dictionary<string, int>? rows = null) => new()
    {
        ModelRef = new LocalObjectReference { Name = "churn" },
        Version = number,
        Task = PredictionTask.Binary,
        Metrics = metrics,
        BaselineMetrics = baseline,
        SliceMetrics = slices,
        SliceRows = rows,
    };

    private static ModelSpec Gates(params GateSpec[] gates) => new() { Gates = [.. gates] };

    private static GateResult Only(ModelSpec model, ModelVersionSpec candidate, ModelVersionSpec? production = null) =>
        Assert.Single(GateEvaluator.Evaluate(model, candidate, production).Results);

    public static TheoryData<GateSpec, double, double?, GateVerdict, string> Overall => new()
    {
        // gate, candidate value, production value, verdict, message
        { new() { Metric = "auc", Min = 0.75 }, 0.8, null, GateVerdict.Passed, "0.8 ≥ min 0.75" },
        { new() { Metric = "auc", Min = 0.75 }, 0.75, null, GateVerdict.Passed, "0.75 ≥ min 0.75" },
        { new() { Metric = "auc", Min = 0.75 }, 0.7012, null, GateVerdict.Failed, "0.7012 < min 0.75" },
        { new() { Metric = "logLoss", Max = 0.5 }, 0.6, null, GateVerdict.Failed, "0.6 > max 0.5" },
        { new() { Metric = "logLoss", Max = 0.5 }, 0.4, null, GateVerdict.Passed, "0.4 ≤ max 0.5" },
        // Higher is better: losing 0.01 exactly is allowed, 0.02 is not.
        { new() { Metric = "auc", MaxRegression = 0.01 }, 0.82, 0.83, GateVerdict.Passed, "0.82 against production version 3's 0.83: lost 0.01 ≤ maxRegression 0.01" },
        { new() { Metric = "auc", MaxRegression = 0.01 }, 0.81, 0.83, GateVerdict.Failed, "0.81 against production version 3's 0.83: lost 0.02 > maxRegression 0.01" },
        { new() { Metric = "auc", MaxRegression = 0.01 }, 0.9, 0.83, GateVerdict.Passed, "0.9 against production version 3's 0.83: no loss" },
        // Lower is better: logLoss going up is the loss.
        { new() { Metric = "logLoss", MaxRegression = 0.01 }, 0.45, 0.43, GateVerdict.Failed, "0.45 against production version 3's 0.43: lost 0.02 > maxRegression 0.01" },
        { new() { Metric = "logLoss", MaxRegression = 0.01 }, 0.40, 0.43, GateVerdict.Passed, "0.4 against production version 3's 0.43: no loss" },
        { new() { Metric = "auc", MaxRegression = 0.01 }, 0.5, null, GateVerdict.NotJudged, "not judged: no version in production to compare with" },
    };

    [Theory]
    [MemberData(nameof(Overall))]
    public void Overall_gates_hold_the_candidate_to_their_bound_in_the_metrics_direction(GateSpec gate, double value, double? production, GateVerdict verdict, string message)
    {
        var candidate = Version(4, new() { [gate.Metric] = value });
        var prod = production is { } p ? Version(3, new() { [gate.Metric] = p }) : null;

        var result = Only(Gates(gate), candidate, prod);

        Assert.Equal((verdict, message, verdict != GateVerdict.Failed), (result.Verdict, result.Message, result.Passed));
        Assert.Equal(value, result.Value);
    }

    [Fact]
    public void Max_regression_records_the_bound_and_the_production_value()
    {
        var result = Only(Gates(new GateSpec { Metric = "rmse", MaxRegression = 0.5 }), Version(4, new() { ["rmse"] = 3 }), Version(3, new() { ["rmse"] = 2 }));

        Assert.Equal((2.5, 2.0), (result.Threshold!.Value, result.Reference!.Value));
    }

    [Theory]
    [InlineData("auc", 0.80, 0.79, GateVerdict.Passed)]
    [InlineData("auc", 0.78, 0.79, GateVerdict.Failed)]
    [InlineData("rmse", 2.0, 2.5, GateVerdict.Passed)]
    [InlineData("rmse", 3.0, 2.5, GateVerdict.Failed)]
    public void Beats_baseline_is_direction_aware(string metric, double value, double baseline, GateVerdict verdict)
    {
        var result = Only(Gates(new GateSpec { Metric = metric, BeatsBaseline = true }), Version(4, new() { [metric] = value }, new() { [metric] = baseline }));

        Assert.Equal(verdict, result.Verdict);
        Assert.Equal(baseline, result.Reference);
    }

    [Fact]
    public void A_metric_the_version_does_not_report_fails_its_gate()
    {
        var result = Only(Gates(new GateSpec { Metric = "f1", Min = 0.5 }), Version(4, new() { ["auc"] = 0.9 }));

        Assert.Equal((GateVerdict.Failed, "version reports no f1"), (result.Verdict, result.Message));
    }

    private static readonly ModelVersionSpec Sliced = Version(4, new() { ["recall"] = 0.6 }, slices: new()
    {
        ["plan=basic"] = new() { ["recall"] = 0.55 },
        ["plan=pro"] = new() { ["recall"] = 0.31 },
        ["plan=(missing)"] = new() { ["recall"] = 0.0 },
        ["region=eu"] = new() { ["recall"] = 0.1 },
    }, rows: new() { ["plan=basic"] = 400, ["plan=pro"] = 120, ["plan=(missing)"] = 8, ["region=eu"] = 300 });

    [Fact]
    public void Every_slice_of_the_column_is_judged_and_small_slices_are_not_judged_rather_than_failed()
    {
        var evaluation = GateEvaluator.Evaluate(Gates(new GateSpec { Metric = "recall", Min = 0.4, Slice = new() { Column = "plan" } }), Sliced, null);

        Assert.Equal(
        [
            ("plan=(missing)", GateVerdict.NotJudged, 8, "not judged: 8 rows < minRows 30"),
            ("plan=basic", GateVerdict.Passed, 400, "0.55 ≥ min 0.4"),
            ("plan=pro", GateVerdict.Failed, 120, "0.31 < min 0.4"),
        ], evaluation.Results.Select(r => (r.Slice!, r.Verdict!.Value, r.Rows!.Value, r.Message!)));
        Assert.Equal(ModelVersionPhase.Rejected, evaluation.Phase);
        Assert.Equal("version 4: 1 of 3 gates failed: recall min 0.4 [plan=pro]: 0.31 < min 0.4", evaluation.Message);
    }

    [Fact]
    public void Min_rows_can_be_lowered_to_judge_small_slices()
    {
        var gate = new GateSpec { Metric = "recall", Min = 0.4, Slice = new() { Column = "plan", Value = "(missing)", MinRows = 5 } };

        Assert.Equal(GateVerdict.Failed, Only(Gates(gate), Sliced).Verdict);
    }

    [Fact]
    public void A_named_slice_the_version_does_not_report_fails()
    {
        var gate = new GateSpec { Metric = "recall", Min = 0.4, Slice = new() { Column = "plan", Value = "enterprise" } };

        Assert.Equal("version reports no metrics for this slice", Only(Gates(gate), Sliced).Message);
    }

    [Fact]
    public void Slice_regression_compares_with_the_same_slice_of_production()
    {
        var production = Version(3, new() { ["recall"] = 0.6 }, slices: new() { ["plan=pro"] = new() { ["recall"] = 0.35 } });
        var gate = new GateSpec { Metric = "recall", MaxRegression = 0.05, Slice = new() { Column = "plan", Value = "pro" } };

        var result = Only(Gates(gate), Sliced, production);

        Assert.Equal((GateVerdict.Passed, 0.35), (result.Verdict!.Value, result.Reference!.Value));
    }

    [Fact]
    public void Passing_every_gate_approves_under_auto_and_names_what_was_not_judged()
    {
        var model = Gates(new GateSpec { Metric = "recall", Min = 0.5 }, new() { Metric = "recall", Min = 0.0, Slice = new() { Column = "plan" } });

        var evaluation = GateEvaluator.Evaluate(model, Sliced, null);

        Assert.Equal((ModelVersionPhase.Approved, GateReasons.GatesPassed), (evaluation.Phase, evaluation.Reason));
        Assert.Equal("version 4: 3 of 4 gates passed, 1 not judged (recall min 0 [plan=(missing)]: not judged: 8 rows < minRows 30)", evaluation.Message);
    }

    [Theory]
    [InlineData(new int[0], ModelVersionPhase.Candidate, GateReasons.AwaitingApproval)]
    [InlineData(new[] { 2, 4 }, ModelVersionPhase.Approved, GateReasons.ManuallyApproved)]
    public void Manual_promotion_needs_the_version_in_approved_versions(int[] approved, ModelVersionPhase phase, string reason)
    {
        var model = Gates(new GateSpec { Metric = "recall", Min = 0.5 }) with { Promotion = PromotionPolicy.Manual, ApprovedVersions = [.. approved] };

        var evaluation = GateEvaluator.Evaluate(model, Sliced, null);

        Assert.Equal((phase, reason), (evaluation.Phase, evaluation.Reason));
    }

    [Fact]
    public void Manual_approval_does_not_override_a_failed_gate()
    {
        var model = Gates(new GateSpec { Metric = "recall", Min = 0.9 }) with { Promotion = PromotionPolicy.Manual, ApprovedVersions = [4] };

        Assert.Equal(ModelVersionPhase.Rejected, GateEvaluator.Evaluate(model, Sliced, null).Phase);
    }

    [Fact]
    public void The_rejection_message_names_every_failed_gate_with_its_numbers()
    {
        var model = Gates(new GateSpec { Metric = "auc", Min = 0.75 }, new() { Metric = "auc", MaxRegression = 0.01 }, new() { Metric = "auc", BeatsBaseline = true });
        var candidate = Version(4, new() { ["auc"] = 0.7 }, baseline: new() { ["auc"] = 0.72 });

        var evaluation = GateEvaluator.Evaluate(model, candidate, Version(3, new() { ["auc"] = 0.8 }));

        Assert.Equal("version 4: 3 of 3 gates failed: auc min 0.75: 0.7 < min 0.75; "
            + "auc maxRegression 0.01: 0.7 against production version 3's 0.8: lost 0.1 > maxRegression 0.01; "
            + "auc beatsBaseline: 0.7 against the baseline's 0.72 (higher is better)", evaluation.Message);
    }
}
