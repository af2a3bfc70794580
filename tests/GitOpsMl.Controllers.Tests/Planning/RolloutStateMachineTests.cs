using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Planning;
using D = GitOpsMl.Controllers.Planning.RolloutDecision;

namespace GitOpsMl.Controllers.Tests.Planning;

public class RolloutStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly RolloutSpec Canary = new()
    {
        Canary = new CanarySpec
        {
            Steps = [new() { Weight = 10, Pause = "5m" }, new() { Weight = 50, Pause = "10m" }],
            Analysis = new AnalysisSpec { MaxErrorRate = 0.05, MaxP99LatencyMs = 200, MinRequests = 100 },
        },
    };

    private static readonly RolloutState AtStep0 = new() { Stable = "1", Canary = "2", Weight = 10, Step = 0, StepStartedAt = T0, Phase = RolloutPhase.Progressing };

    private static readonly CanaryObservation Good = new(500, ErrorRate: 0.01, P99LatencyMs: 50);

    private static RolloutPlan Plan(RolloutState state, string? target, CanaryObservation? seen = null, TimeSpan? at = null, RolloutSpec? spec = null, long generation = 1) =>
        RolloutStateMachine.Plan(new RolloutInput(spec ?? Canary, generation, state, target, seen, T0 + (at ?? TimeSpan.Zero)));

    public static TheoryData<string, RolloutState, string?, CanaryObservation?, TimeSpan, RolloutDecision> Decisions => new()
    {
        { "nothing approved yet", new(), null, null, TimeSpan.Zero, new D.ServeStable(null) },
        { "first version replaces directly", new(), "1", null, TimeSpan.Zero, new D.Replace("1") },
        { "target already stable", new() { Stable = "1" }, "1", null, TimeSpan.Zero, new D.ServeStable("1") },
        { "new target starts a canary", new() { Stable = "1" }, "2", null, TimeSpan.Zero, new D.StartCanary("2", 10) },
        { "inside the pause", AtStep0, "2", Good, TimeSpan.FromMinutes(4), new D.WaitPause(T0.AddMinutes(5)) },
        { "pause over, too few requests", AtStep0, "2", Good with { Requests = 40 }, TimeSpan.FromMinutes(5), new D.WaitForData(40, 100) },
        { "pause over, nothing observed", AtStep0, "2", null, TimeSpan.FromMinutes(5), new D.WaitForData(0, 100) },
        { "pause over, analysis passes", AtStep0, "2", Good, TimeSpan.FromMinutes(5), new D.SetWeight(1, 50) },
        { "last step passes", AtStep0 with { Step = 1, Weight = 50 }, "2", Good, TimeSpan.FromMinutes(10), new D.Promote("2") },
        { "a newer target restarts the canary", AtStep0, "3", Good, TimeSpan.Zero, new D.StartCanary("3", 10) },
        { "git pins stable again", AtStep0, "1", Good, TimeSpan.Zero, new D.ServeStable("1") },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Each_situation_leads_to_one_decision(string situation, RolloutState state, string? target, CanaryObservation? seen, TimeSpan at, RolloutDecision expected)
    {
        Assert.True(expected == Plan(state, target, seen, at).Decision, situation);
    }

    public static TheoryData<CanaryObservation, string> Failures => new()
    {
        { Good with { ErrorRate = 0.12 }, "canary 2 aborted at step 1 (10%): error rate 0.12 > maxErrorRate 0.05 over 500 requests" },
        { Good with { P99LatencyMs = 350 }, "canary 2 aborted at step 1 (10%): p99 latency 350 ms > maxP99LatencyMs 200 over 500 requests" },
        // The Monitor's verdict aborts without waiting for requests: it applied its own minSamples.
        { new(3, MonitorBreached: true, MonitorMessage: "tenure psi 0.41 > 0.2"), "canary 2 aborted at step 1 (10%): monitor: tenure psi 0.41 > 0.2" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failed_analysis_aborts_mid_pause_sends_all_traffic_to_stable_and_says_why(CanaryObservation seen, string reason)
    {
        var plan = Plan(AtStep0, "2", seen, TimeSpan.FromMinutes(1));

        Assert.Equal(new D.Abort("2", reason), plan.Decision);
        Assert.Equal(new RolloutState { Stable = "1", Weight = 0, Phase = RolloutPhase.RolledBack, AbortedVersion = "2", AbortedGeneration = 1, RollbackReason = reason }, plan.Next);
    }

    [Fact]
    public void Errors_below_min_requests_do_not_abort_yet()
    {
        Assert.IsType<D.WaitPause>(Plan(AtStep0, "2", new(20, ErrorRate: 0.5, P99LatencyMs: 50), TimeSpan.FromMinutes(1)).Decision);
    }

    [Fact]
    public void An_aborted_version_stays_rolled_back_until_the_generation_changes()
    {
        var aborted = Plan(AtStep0, "2", Good with { ErrorRate = 0.5 }).Next;

        var again = Plan(aborted, "2", generation: 1);
        var afterCommit = Plan(aborted, "2", generation: 2);
        var another = Plan(aborted, "3", generation: 1);

        Assert.Equal((new D.ServeStable("1") as RolloutDecision, RolloutPhase.RolledBack), (again.Decision, again.Next.Phase!.Value));
        Assert.Equal(aborted.RollbackReason, again.Next.RollbackReason);
        Assert.Equal(new D.StartCanary("2", 10), afterCommit.Decision);
        Assert.Equal(new D.StartCanary("3", 10), another.Decision);
        Assert.Null(another.Next.RollbackReason);
    }

    [Fact]
    public void Walking_every_step_promotes_the_canary_and_forgets_the_step()
    {
        var state = new RolloutState { Stable = "1" };
        var decisions = new List<RolloutDecision>();
        foreach (var minutes in new[] { 0, 3, 5, 9, 15 })
        {
            var plan = Plan(state, "2", Good, TimeSpan.FromMinutes(minutes));
            decisions.Add(plan.Decision);
            state = plan.Next;
        }

        Assert.Equal<RolloutDecision>(
        [
            new D.StartCanary("2", 10), new D.WaitPause(T0.AddMinutes(5)), new D.SetWeight(1, 50), new D.WaitPause(T0.AddMinutes(15)), new D.Promote("2"),
        ], decisions);
        Assert.Equal(new RolloutState { Stable = "2", Phase = RolloutPhase.Healthy }, state);
    }

    [Fact]
    public void Without_canary_steps_a_new_version_replaces_stable_directly()
    {
        var plan = Plan(new RolloutState { Stable = "1" }, "2", spec: new RolloutSpec());

        Assert.Equal(new D.Replace("2"), plan.Decision);
        Assert.Equal("2", plan.Next.Stable);
    }

    [Theory]
    [InlineData(null, "agreement missing while minAgreement is set", typeof(AnalysisVerdict.Inconclusive))]
    [InlineData(0.9, "agreement below minAgreement", typeof(AnalysisVerdict.Failed))]
    [InlineData(0.99, "agreement above minAgreement", typeof(AnalysisVerdict.Continue))]
    public void Shadow_agreement_is_judged_once_there_are_enough_requests(double? agreement, string why, Type verdict)
    {
        var spec = new AnalysisSpec { MinAgreement = 0.95, MinRequests = 10 };

        Assert.True(verdict == RolloutStateMachine.Judge(spec, new CanaryObservation(50, ShadowAgreement: agreement)).GetType(), why);
    }

    [Fact]
    public void Without_analysis_only_the_pause_and_the_monitor_gate_a_step()
    {
        Assert.IsType<AnalysisVerdict.Continue>(RolloutStateMachine.Judge(null, null));
        Assert.IsType<AnalysisVerdict.Failed>(RolloutStateMachine.Judge(null, new CanaryObservation(0, MonitorBreached: true)));
    }
}
