using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// The Deployment's canary as a state machine over spec.rollout.canary.steps (Argo Rollouts' shape).
/// <list type="number">
/// <item>No canary under way: the target is served as is when it is stable; it is not retried when it is the
/// version aborted under the current generation (rollback lives with git: only a changed spec or another
/// target moves on); with no stable yet, or no canary steps in the spec, it replaces stable directly;
/// otherwise a canary starts at the first step's weight.</item>
/// <item>A canary under way whose target went away (git pinned another version, or stable again): a
/// different target starts a fresh canary, stable again simply drops the canary — neither is a rollback.</item>
/// <item>Otherwise analysis is judged (<see cref="Judge"/>): a failure aborts at once, at any point of a
/// step; after the step's pause, too little data waits, a pass moves to the next step or, after the last,
/// promotes.</item>
/// </list>
/// </summary>
public static class RolloutStateMachine
{
    public static RolloutPlan Plan(RolloutInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var state = input.State;
        var target = input.Target;
        var steps = input.Spec?.Canary?.Steps ?? [];

        if (state.Canary is { } canary)
        {
            if (target != canary)
            {
                if (target is null || target == state.Stable)
                {
                    return new(new RolloutDecision.ServeStable(state.Stable), Settled(state, RolloutPhase.Healthy));
                }
                return steps.Count == 0 ? Replace(state, target) : Start(state, target, steps, input.Now);
            }
            return Step(input, canary, steps);
        }

        if (target is null || target == state.Stable)
        {
            return new(new RolloutDecision.ServeStable(state.Stable), Settled(state, state.Phase == RolloutPhase.RolledBack ? RolloutPhase.RolledBack : RolloutPhase.Healthy));
        }
        if (target == state.AbortedVersion && input.Generation == state.AbortedGeneration)
        {
            return new(new RolloutDecision.ServeStable(state.Stable), Settled(state, RolloutPhase.RolledBack));
        }
        if (state.Stable is null || steps.Count == 0)
        {
            return Replace(state, target);
        }
        return Start(state, target, steps, input.Now);
    }

    /// <summary>The one place analysis becomes continue / wait for data / abort.</summary>
    public static AnalysisVerdict Judge(AnalysisSpec? spec, CanaryObservation? seen)
    {
        var needed = spec is null ? 0 : spec.MinRequests ?? 100;
        return seen switch
        {
            // The Monitor applies its own minSamples, so its verdict needs no request count here.
            { MonitorBreached: true } => new AnalysisVerdict.Failed($"monitor: {seen.MonitorMessage ?? "breached"}"),
            _ when spec is null => new AnalysisVerdict.Continue(),
            null => new AnalysisVerdict.Inconclusive(0, needed),
            _ when seen.Requests < needed => new AnalysisVerdict.Inconclusive(seen.Requests, needed),
            { ErrorRate: { } rate } when rate > spec.MaxErrorRate => new AnalysisVerdict.Failed(
                $"error rate {PlanText.Number(rate)} > maxErrorRate {PlanText.Number(spec.MaxErrorRate!.Value)} over {seen.Requests} {seen.RequestsText}"),
            { P99LatencyMs: { } p99 } when p99 > spec.MaxP99LatencyMs => new AnalysisVerdict.Failed(
                $"p99 latency {PlanText.Number(p99)} ms > maxP99LatencyMs {PlanText.Number(spec.MaxP99LatencyMs!.Value)} over {seen.Requests} {seen.RequestsText}"),
            { ShadowAgreement: { } agreement } when agreement < spec.MinAgreement => new AnalysisVerdict.Failed(
                $"shadow agreement {PlanText.Number(agreement)} < minAgreement {PlanText.Number(spec.MinAgreement!.Value)}"),
            // A bound whose measurement is missing cannot pass yet.
            _ when (spec.MaxErrorRate is not null && seen.ErrorRate is null) || (spec.MaxP99LatencyMs is not null && seen.P99LatencyMs is null)
                || (spec.MinAgreement is not null && seen.ShadowAgreement is null) => new AnalysisVerdict.Inconclusive(seen.Requests, needed),
            _ => new AnalysisVerdict.Continue(),
        };
    }

    private static RolloutPlan Step(RolloutInput input, string canary, IReadOnlyList<CanaryStep> steps)
    {
        var state = input.State;
        var index = Math.Clamp(state.Step ?? 0, 0, Math.Max(0, steps.Count - 1));
        var verdict = Judge(input.Spec?.Canary?.Analysis, input.Analysis);
        if (verdict is AnalysisVerdict.Failed failed)
        {
            var reason = $"canary {canary} aborted at step {index + 1} ({state.Weight}%): {failed.Reason}";
            return new(new RolloutDecision.Abort(canary, reason), state with
            {
                Canary = null, Weight = 0, Step = null, StepStartedAt = null, Phase = RolloutPhase.RolledBack,
                AbortedVersion = canary, AbortedGeneration = input.Generation, RollbackReason = reason,
            });
        }
        var started = state.StepStartedAt ?? input.Now;
        var until = started + Pause(steps.Count == 0 ? null : steps[index]);
        if (input.Now < until)
        {
            return new(new RolloutDecision.WaitPause(until), state with { StepStartedAt = started, Phase = RolloutPhase.Paused });
        }
        if (verdict is AnalysisVerdict.Inconclusive wait)
        {
            return new(new RolloutDecision.WaitForData(wait.Requests, wait.Needed), state with { StepStartedAt = started, Phase = RolloutPhase.Progressing });
        }
        if (index + 1 < steps.Count)
        {
            var next = steps[index + 1];
            return new(new RolloutDecision.SetWeight(index + 1, next.Weight),
                state with { Step = index + 1, Weight = next.Weight, StepStartedAt = input.Now, Phase = RolloutPhase.Progressing });
        }
        return new(new RolloutDecision.Promote(canary), state with
        {
            Stable = canary, Canary = null, Weight = 0, Step = null, StepStartedAt = null, Phase = RolloutPhase.Healthy,
            AbortedVersion = null, AbortedGeneration = null, RollbackReason = null,
        });
    }

    private static RolloutPlan Start(RolloutState state, string target, IReadOnlyList<CanaryStep> steps, DateTimeOffset now) =>
        new(new RolloutDecision.StartCanary(target, steps[0].Weight), state with
        {
            Canary = target, Weight = steps[0].Weight, Step = 0, StepStartedAt = now, Phase = RolloutPhase.Progressing,
            AbortedVersion = null, AbortedGeneration = null, RollbackReason = null,
        });

    private static RolloutPlan Replace(RolloutState state, string target) =>
        new(new RolloutDecision.Replace(target), state with
        {
            Stable = target, Canary = null, Weight = 0, Step = null, StepStartedAt = null, Phase = RolloutPhase.Healthy,
            AbortedVersion = null, AbortedGeneration = null, RollbackReason = null,
        });

    private static RolloutState Settled(RolloutState state, RolloutPhase phase) =>
        state with { Canary = null, Weight = 0, Step = null, StepStartedAt = null, Phase = phase };

    // The CRD's pattern guarantees a parsable duration; the default is 0s.
    private static TimeSpan Pause(CanaryStep? step) => step?.Pause is { } text ? GoDuration.Parse(text) : TimeSpan.Zero;
}
