using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Observation;
using GitOpsMl.Controllers.Planning;
using D = GitOpsMl.Controllers.Planning.RolloutDecision;

namespace GitOpsMl.Controllers.Tests.Planning;

/// <summary>A shadow answers no client: analysis judges it on the mirrored requests it ran, their failures, latency and agreement.</summary>
public class ShadowRolloutTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly RolloutSpec Shadowed = new()
    {
        Shadow = true,
        Canary = new CanarySpec
        {
            Steps = [new() { Weight = 10, Pause = "1m" }, new() { Weight = 50, Pause = "1m" }],
            Analysis = new AnalysisSpec { MaxErrorRate = 0.01, MaxP99LatencyMs = 20, MinAgreement = 0.9, MinRequests = 100 },
        },
    };

    /// <summary>Traffic as the servers report it under shadowing: stable v1 answers everything, shadow v2 ran <paramref name="mirrored"/> copies.</summary>
    private static ServingTraffic Traffic(long mirrored, long failed = 0, double p99 = 4, double agreement = 0.97) =>
        new(new Dictionary<string, VersionTraffic> { ["v1"] = new("v1", mirrored + 7, 0, 3) }, 0, mirrored > 0 ? agreement : null, mirrored * 2)
        {
            Shadows = new Dictionary<string, VersionTraffic> { ["v2"] = new("v2", mirrored, failed, p99) },
        };

    private static RolloutPlan Plan(RolloutState state, ServingTraffic traffic, TimeSpan at) =>
        RolloutStateMachine.Plan(new RolloutInput(Shadowed, 1, state, "2", CanaryAnalysis.Observe(traffic, "v2", shadow: true), T0 + at));

    [Fact]
    public void A_shadowed_canary_walks_from_its_first_step_to_promotion_on_its_mirrored_runs()
    {
        var started = RolloutStateMachine.Plan(new RolloutInput(Shadowed, 1, new RolloutState { Stable = "1" }, "2", null, T0));
        Assert.Equal(new D.StartCanary("2", 10), started.Decision);

        var paused = Plan(started.Next, Traffic(40), TimeSpan.FromSeconds(30));
        Assert.Equal(new D.WaitPause(T0.AddMinutes(1)), paused.Decision);

        var waiting = Plan(paused.Next, Traffic(60), TimeSpan.FromMinutes(1));
        Assert.Equal(new D.WaitForData(60, 100), waiting.Decision);

        var second = Plan(waiting.Next, Traffic(150), TimeSpan.FromMinutes(1.5));
        Assert.Equal(new D.SetWeight(1, 50), second.Decision);

        var promoted = Plan(second.Next, Traffic(400), TimeSpan.FromMinutes(2.5));
        Assert.Equal(new D.Promote("2"), promoted.Decision);
        Assert.Equal(new RolloutState { Stable = "2", Phase = RolloutPhase.Healthy }, promoted.Next);
    }

    public static TheoryData<string, ServingTraffic, string> Breaches => new()
    {
        { "failed runs", Traffic(200, failed: 10), "canary 2 aborted at step 1 (10%): error rate 0.05 > maxErrorRate 0.01 over 200 mirrored requests" },
        { "slow runs", Traffic(200, p99: 35), "canary 2 aborted at step 1 (10%): p99 latency 35 ms > maxP99LatencyMs 20 over 200 mirrored requests" },
        { "disagreement", Traffic(200, agreement: 0.8), "canary 2 aborted at step 1 (10%): shadow agreement 0.8 < minAgreement 0.9" },
    };

    [Theory]
    [MemberData(nameof(Breaches))]
    public void A_shadow_breaching_a_bound_on_its_runs_is_aborted(string situation, ServingTraffic traffic, string reason)
    {
        var atStep0 = new RolloutState { Stable = "1", Canary = "2", Weight = 10, Step = 0, StepStartedAt = T0, Phase = RolloutPhase.Progressing };

        Assert.True(new D.Abort("2", reason) == Plan(atStep0, traffic, TimeSpan.FromSeconds(10)).Decision, situation);
    }

    [Fact]
    public void A_canary_answering_its_weight_is_judged_on_the_requests_it_answered_not_on_shadow_runs()
    {
        var traffic = new ServingTraffic(new Dictionary<string, VersionTraffic> { ["v2"] = new("v2", 120, 3, 9) }, 0, null, 0)
        {
            Shadows = new Dictionary<string, VersionTraffic> { ["v2"] = new("v2", 999, 0, 1) },
        };

        Assert.Equal(new CanaryObservation(120, 0.025, 9), CanaryAnalysis.Observe(traffic, "v2", shadow: false));
        Assert.Equal(new CanaryObservation(999, 0, 1, Shadow: true), CanaryAnalysis.Observe(traffic, "v2", shadow: true));
    }
}
