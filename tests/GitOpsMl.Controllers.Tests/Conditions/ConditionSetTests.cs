using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Tests.Conditions;

public sealed class ConditionSetTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ConditionSet Set = new(ConditionTypes.Ready, ConditionTypes.Validated, ConditionTypes.Trained);

    private static List<Condition> With(params (string Type, ConditionStatus Status, string Reason)[] cs) =>
        cs.Aggregate(new List<Condition>(), (l, c) => ConditionList.Set(l, c.Type, c.Status, c.Reason, $"{c.Type} says {c.Reason}", T0));

    public static TheoryData<(string, ConditionStatus, string)[], ConditionStatus, string> Cases => new()
    {
        { [("Validated", ConditionStatus.True, "Succeeded"), ("Trained", ConditionStatus.True, "Succeeded")], ConditionStatus.True, "Succeeded" },
        { [("Validated", ConditionStatus.True, "Succeeded"), ("Trained", ConditionStatus.False, "TrainingFailed")], ConditionStatus.False, "TrainingFailed" },
        { [("Validated", ConditionStatus.Unknown, "Progressing"), ("Trained", ConditionStatus.False, "TrainingFailed")], ConditionStatus.False, "TrainingFailed" },
        { [("Validated", ConditionStatus.True, "Succeeded"), ("Trained", ConditionStatus.Unknown, "Progressing")], ConditionStatus.Unknown, "Progressing" },
        { [("Validated", ConditionStatus.True, "Succeeded")], ConditionStatus.Unknown, "NotObserved" },
        { [], ConditionStatus.Unknown, "NotObserved" },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Ready_is_derived_from_the_dependents_first_False_then_Unknown_or_missing_else_True(
        (string, ConditionStatus, string)[] dependents, ConditionStatus ready, string reason)
    {
        var derived = Set.Derive(With(dependents), T0);
        Assert.Equal(ConditionTypes.Ready, derived.Type);
        Assert.Equal(ready, derived.Status);
        Assert.Equal(reason, derived.Reason);
    }

    [Fact]
    public void The_derived_condition_carries_the_failing_dependents_message()
    {
        var list = Set.Set(With(("Validated", ConditionStatus.True, "Succeeded")), "Trained", ConditionStatus.False, "TrainingFailed", "loss diverged at epoch 3", T0);
        Assert.Equal("loss diverged at epoch 3", ConditionList.Get(list, ConditionTypes.Ready)!.Message);
        Assert.False(Set.IsHappy(list));
    }

    [Fact]
    public void Recomputing_keeps_Ready_transition_time_while_its_status_holds()
    {
        var list = Set.Recompute(With(("Validated", ConditionStatus.True, "Succeeded"), ("Trained", ConditionStatus.True, "Succeeded")), T0);
        list = Set.Recompute(list, T0.AddHours(1));
        Assert.Equal(T0, ConditionList.Get(list, ConditionTypes.Ready)!.LastTransitionTime);
    }

    [Fact]
    public void The_summary_cannot_be_its_own_dependent() =>
        Assert.Throws<ArgumentException>(() => new ConditionSet("Ready", "Ready"));
}
