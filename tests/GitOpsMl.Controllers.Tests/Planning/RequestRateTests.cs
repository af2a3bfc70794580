using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Planning;

namespace GitOpsMl.Controllers.Tests.Planning;

public class RequestRateTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static RequestCount At(double seconds, params (string Replica, long Count)[] counts) =>
        new(T0.AddSeconds(seconds), counts.ToDictionary(c => c.Replica, c => c.Count));

    private static double? Rate(params RequestCount[] samples)
    {
        IReadOnlyList<RequestCount> history = [];
        double? rate = null;
        foreach (var s in samples) (rate, history) = RequestRate.Next(history, s);
        return rate;
    }

    public static TheoryData<string, RequestCount[], double?> Rates => new()
    {
        { "one sample has no rate yet", [At(0, ("a", 500))], null },
        { "two samples under a second apart: no rate yet", [At(0, ("a", 0)), At(0.2, ("a", 50))], null },
        { "increase over the span", [At(0, ("a", 100)), At(10, ("a", 600))], 50 },
        { "summed over replicas", [At(0, ("a", 100), ("b", 0)), At(10, ("a", 300), ("b", 300))], 50 },
        { "a restarted replica counts from zero", [At(0, ("a", 1000)), At(5, ("a", 1200)), At(10, ("a", 100))], 30 },
        { "a new replica adds nothing until its second sample", [At(0, ("a", 0)), At(10, ("a", 100), ("b", 900))], 10 },
        { "samples older than the window are dropped", [At(0, ("a", 0)), At(40, ("a", 4000)), At(50, ("a", 4100))], 10 },
        { "after a gap longer than the window the rate spans the gap", [At(0, ("a", 0)), At(60, ("a", 600))], 10 },
    };

    [Theory]
    [MemberData(nameof(Rates))]
    public void Requests_per_second_come_from_counter_increases_over_the_window(string situation, RequestCount[] samples, double? perSecond)
    {
        Assert.True(perSecond == Rate(samples), $"{situation}: {Rate(samples)}");
    }

    [Fact]
    public void Requests_per_second_scale_replicas_as_in_flight_requests_do()
    {
        var autoscaling = new AutoscalingSpec { Metric = AutoscalingMetric.RequestsPerSecond, Target = 50 };
        var replicas = new ReplicasSpec { Min = 1, Max = 10 };
        var rate = Rate(At(0, ("a", 0), ("b", 0)), At(10, ("a", 1400), ("b", 1600)));

        var plan = ReplicaAutoscaler.Plan(new ScaleInput(replicas, autoscaling, 2, rate, [], T0));

        Assert.Equal(300, rate);
        Assert.Equal(6, plan.Replicas);
    }

    [Fact]
    public void While_the_load_is_not_measured_yet_replicas_stay_as_they_are()
    {
        var plan = ReplicaAutoscaler.Plan(new ScaleInput(new ReplicasSpec { Min = 1, Max = 10 },
            new AutoscalingSpec { Metric = AutoscalingMetric.RequestsPerSecond, Target = 50 }, 4, null, [], T0));

        Assert.Equal((4, 4), (plan.Replicas, plan.Recommended));
    }
}
