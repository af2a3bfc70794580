using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Controllers.Tests.Runtime;

public sealed class ReconcileResultMapperTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan DefaultProgressing = TimeSpan.FromSeconds(5);

    private static Dataset Resource(long generation, DatasetStatus? status = null) => new()
    {
        Metadata = new ObjectMeta { Name = "churn", Generation = generation },
        Status = status,
    };

    private static ReconcileDecision Map(ReconcileOutcome outcome, DatasetStatus? previous = null, DatasetStatus? computed = null, DateTimeOffset? now = null) =>
        ReconcileResultMapper.Map(Resource(3, previous), previous, new ReconcileResult(computed ?? new DatasetStatus(), outcome), now ?? T0, DefaultProgressing);

    private static string? Cond(ReconcileDecision d, string type) =>
        ConditionList.Get(d.Status.Conditions, type) is { } c ? $"{c.Status}/{c.Reason}" : null;

    public static TheoryData<ReconcileOutcome, string?, string?, string?, long?, TimeSpan?, string> Table => new()
    {
        // outcome,                                                              Ready,                      Reconciling,                 Stalled,                 observedGeneration, requeue, metrics label
        { new ReconcileOutcome.Succeeded(),                                       "True/Succeeded",           null,                        null,                    3,    null,                        "succeeded" },
        { new ReconcileOutcome.Succeeded(TimeSpan.FromMinutes(1)),                "True/Succeeded",           null,                        null,                    3,    TimeSpan.FromMinutes(1),     "succeeded" },
        { new ReconcileOutcome.Progressing("Training", "epoch 2/10"),             "Unknown/Training",         "True/Training",             null,                    null, DefaultProgressing,          "progressing" },
        { new ReconcileOutcome.Progressing("Training", "epoch 2/10", TimeSpan.FromSeconds(1)), "Unknown/Training", "True/Training",        null,                    null, TimeSpan.FromSeconds(1),     "progressing" },
        { new ReconcileOutcome.Waiting("DependencyNotReady", "Dataset churn is not Ready", TimeSpan.FromSeconds(30)), "False/DependencyNotReady", "True/DependencyNotReady", null, null, TimeSpan.FromSeconds(30), "waiting" },
        { new ReconcileOutcome.Stalled("InvalidSpec", "column 'age' is missing"), "False/InvalidSpec",        null,                        "True/InvalidSpec",      3,    null,                        "stalled" },
    };

    [Theory, MemberData(nameof(Table))]
    public void Each_outcome_maps_to_its_conditions_observed_generation_and_requeue(
        ReconcileOutcome outcome, string? ready, string? reconciling, string? stalled, long? observed, TimeSpan? requeue, string label)
    {
        var d = Map(outcome);
        Assert.Equal(ready, Cond(d, ConditionTypes.Ready));
        Assert.Equal(reconciling, Cond(d, ConditionTypes.Reconciling));
        Assert.Equal(stalled, Cond(d, ConditionTypes.Stalled));
        Assert.Equal(observed, d.Status.ObservedGeneration);
        Assert.Equal(requeue, d.RequeueAfter);
        Assert.False(d.Backoff);
        Assert.Equal(label, d.Outcome);
    }

    [Fact]
    public void Progressing_and_Waiting_keep_the_previous_observed_generation()
    {
        var previous = new DatasetStatus { ObservedGeneration = 2 };
        Assert.Equal(2, Map(new ReconcileOutcome.Progressing("Validating", "reading"), previous).Status.ObservedGeneration);
        Assert.Equal(2, Map(new ReconcileOutcome.Waiting("DependencyNotReady", "x", TimeSpan.FromSeconds(1)), previous).Status.ObservedGeneration);
    }

    [Fact]
    public void A_Stalled_object_that_succeeds_loses_Stalled_and_a_progressing_one_loses_Reconciling_when_it_succeeds()
    {
        var stalled = (DatasetStatus)Map(new ReconcileOutcome.Stalled("InvalidSpec", "bad")).Status;
        var recovered = Map(new ReconcileOutcome.Succeeded(), stalled);
        Assert.Null(Cond(recovered, ConditionTypes.Stalled));
        var progressing = (DatasetStatus)Map(new ReconcileOutcome.Progressing("Training", "1/2")).Status;
        Assert.Null(Cond(Map(new ReconcileOutcome.Succeeded(), progressing), ConditionTypes.Reconciling));
    }

    [Fact]
    public void The_same_outcome_later_yields_the_same_status_content_so_nothing_is_rewritten()
    {
        var computed = new DatasetStatus
        {
            RowCount = 10,
            Conditions = [new Condition { Type = ConditionTypes.Validated, Status = ConditionStatus.True, Reason = "Succeeded", Message = "" }],
        };
        var first = (DatasetStatus)Map(new ReconcileOutcome.Succeeded(), null, computed, T0).Status;
        var second = Map(new ReconcileOutcome.Succeeded(), first, computed, T0.AddHours(1)).Status;
        Assert.True(StatusWriter.SameContent(first, second));
        Assert.Equal(T0, ConditionList.Get(second.Conditions, ConditionTypes.Validated)!.LastTransitionTime);
    }

    [Fact]
    public void The_reconcilers_own_Ready_is_overridden_by_the_outcome()
    {
        var computed = new DatasetStatus { Conditions = [new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = "Mine" }] };
        var d = Map(new ReconcileOutcome.Stalled("InvalidSpec", "bad"), null, computed);
        Assert.Equal("False/InvalidSpec", Cond(d, ConditionTypes.Ready));
    }

    [Fact]
    public void A_thrown_error_keeps_the_status_fields_sets_Ready_False_and_backs_off()
    {
        var current = new DatasetStatus { RowCount = 7, ObservedGeneration = 2 };
        var d = ReconcileResultMapper.MapError(Resource(3, current), current, new IOException("disk full"), T0);
        Assert.Equal("False/ReconcileError", Cond(d, ConditionTypes.Ready));
        Assert.Equal("True/ProgressingWithRetry", Cond(d, ConditionTypes.Reconciling));
        Assert.Equal("disk full", ConditionList.Get(d.Status.Conditions, ConditionTypes.Ready)!.Message);
        Assert.Equal(7, ((DatasetStatus)d.Status).RowCount);
        Assert.Equal(2, d.Status.ObservedGeneration);
        Assert.True(d.Backoff);
        Assert.Equal("error", d.Outcome);
    }
}
