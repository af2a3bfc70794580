using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Tests.Conditions;

public sealed class ConditionListTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    [Fact]
    public void Setting_the_same_status_again_keeps_the_transition_time_but_takes_the_new_reason_and_message()
    {
        var list = ConditionList.Set(null, "Validated", ConditionStatus.False, "InvalidData", "3 nulls", T0);
        list = ConditionList.Set(list, "Validated", ConditionStatus.False, "InvalidData", "4 nulls", T1);
        var c = Assert.Single(list);
        Assert.Equal(T0, c.LastTransitionTime);
        Assert.Equal("4 nulls", c.Message);
    }

    [Fact]
    public void A_status_change_moves_the_transition_time()
    {
        var list = ConditionList.Set(null, "Validated", ConditionStatus.False, "InvalidData", "3 nulls", T0);
        list = ConditionList.Set(list, "Validated", ConditionStatus.True, "Succeeded", "", T1);
        Assert.Equal(T1, ConditionList.Get(list, "Validated")!.LastTransitionTime);
    }

    [Fact]
    public void One_condition_per_type_sorted_by_type_whatever_the_order_of_setting()
    {
        var a = ConditionList.Set(ConditionList.Set(null, "Ready", ConditionStatus.True, "Succeeded", "", T0), "Trained", ConditionStatus.True, "Succeeded", "", T0);
        var b = ConditionList.Set(ConditionList.Set(null, "Trained", ConditionStatus.True, "Succeeded", "", T0), "Ready", ConditionStatus.True, "Succeeded", "", T0);
        Assert.Equal(["Ready", "Trained"], a.Select(c => c.Type));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Get_IsTrue_and_Remove_read_and_drop_by_type()
    {
        var list = ConditionList.Set(null, "Ready", ConditionStatus.True, "Succeeded", "", T0);
        Assert.True(ConditionList.IsTrue(list, "Ready"));
        Assert.False(ConditionList.IsTrue(list, "Stalled"));
        Assert.Null(ConditionList.Get(null, "Ready"));
        Assert.Empty(ConditionList.Remove(list, "Ready"));
    }
}
