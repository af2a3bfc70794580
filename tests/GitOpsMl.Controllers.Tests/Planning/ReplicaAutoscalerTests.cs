using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Planning;

namespace GitOpsMl.Controllers.Tests.Planning;

public class ReplicaAutoscalerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ReplicasSpec OneToTen = new() { Min = 1, Max = 10 };
    private static readonly AutoscalingSpec FourInFlight = new() { Metric = AutoscalingMetric.Concurrency, Target = 4 };

    private static ScalePlan Plan(int current, double load, IReadOnlyList<ScaleRecommendation>? history = null, TimeSpan? at = null, ReplicasSpec? replicas = null) =>
        ReplicaAutoscaler.Plan(new ScaleInput(replicas ?? OneToTen, FourInFlight, current, load, history ?? [], T0 + (at ?? TimeSpan.Zero)));

    [Theory]
    // current, in-flight, replicas
    [InlineData(2, 8, 2)]     // exactly on target
    [InlineData(2, 8.7, 2)]   // 4.35 per replica: within 10%, no change
    [InlineData(2, 9, 3)]     // 4.5 per replica: ceil(9/4)
    [InlineData(2, 40, 10)]   // clamped to max
    [InlineData(3, 1000, 10)]
    [InlineData(0, 1, 1)]     // from zero: at least min
    [InlineData(12, 48, 10)]  // max lowered below current
    public void Scaling_up_follows_load_over_target_at_once_within_min_and_max(int current, double load, int replicas)
    {
        Assert.Equal(replicas, Plan(current, load).Replicas);
    }

    [Fact]
    public void Scaling_down_waits_for_the_largest_recommendation_of_the_window()
    {
        // A burst recommended 6 replicas two minutes ago; now the load asks for 2.
        var history = new[] { new ScaleRecommendation(T0, 6) };

        var soon = Plan(6, 8, history, TimeSpan.FromMinutes(2));
        var later = Plan(6, 8, soon.History, TimeSpan.FromMinutes(5.5));

        Assert.Equal((6, 2), (soon.Replicas, soon.Recommended));
        Assert.Equal(2, later.Replicas);
    }

    [Fact]
    public void A_flapping_load_does_not_flap_the_replicas()
    {
        var history = (IReadOnlyList<ScaleRecommendation>)[];
        var replicas = 1;
        var seen = new List<int>();
        for (var minute = 0; minute < 10; minute++)
        {
            var plan = Plan(replicas, minute % 2 == 0 ? 20 : 4, history, TimeSpan.FromMinutes(minute));
            (replicas, history) = (plan.Replicas, plan.History);
            seen.Add(replicas);
        }

        Assert.Equal([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], seen);
        Assert.True(history.Count <= 6, "history keeps the window only");
    }

    [Fact]
    public void Min_zero_scales_to_zero_when_idle()
    {
        var zeroToFour = new ReplicasSpec { Min = 0, Max = 4 };

        var first = Plan(1, 0, replicas: zeroToFour);
        var idle = Plan(1, 0, first.History, TimeSpan.FromMinutes(1), zeroToFour);

        Assert.Equal(0, idle.Replicas);
    }

    [Fact]
    public void Without_autoscaling_min_replicas_run()
    {
        var plan = ReplicaAutoscaler.Plan(new ScaleInput(new ReplicasSpec { Min = 3, Max = 5 }, null, 5, 100, [], T0));

        Assert.Equal(3, plan.Replicas);
    }
}
