using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// The ONE place an outcome becomes conditions, observedGeneration and requeue (Flux's
/// <c>ComputeReconcileResult</c>). Pure: the previous status keeps transition times stable, so an
/// unchanged outcome yields byte-identical status and nothing is written.
/// <list type="table">
/// <item>Succeeded: Ready=True; Reconciling, Stalled removed; observedGeneration = generation; requeue after its delay, if any.</item>
/// <item>Progressing: Ready=Unknown, Reconciling=True (its reason); Stalled removed; requeue after its delay or the default.</item>
/// <item>Waiting: Ready=False, Reconciling=True (its reason); Stalled removed; requeue after its delay.</item>
/// <item>Stalled: Ready=False, Stalled=True (its reason); Reconciling removed; observedGeneration = generation; no requeue.</item>
/// <item>Error (thrown): Ready=False ReconcileError, Reconciling=True ProgressingWithRetry; backoff.</item>
/// </list>
/// </summary>
public static class ReconcileResultMapper
{
    public const string OutcomeSucceeded = "succeeded";
    public const string OutcomeProgressing = "progressing";
    public const string OutcomeWaiting = "waiting";
    public const string OutcomeStalled = "stalled";
    public const string OutcomeError = "error";

    public static ReconcileDecision Map(CustomResource resource, ResourceStatus? previous, ReconcileResult result,
        DateTimeOffset now, TimeSpan defaultProgressingRequeue)
    {
        var generation = resource.Metadata.Generation ?? 0;
        var conditions = CarryTransitionTimes(previous?.Conditions, result.Status.Conditions, now, generation);
        var observed = previous?.ObservedGeneration;
        TimeSpan? requeue;
        string label;
        switch (result.Outcome)
        {
            case ReconcileOutcome.Succeeded s:
                conditions = Set(conditions, ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.Succeeded,
                    $"Reconciled generation {generation}", now, generation);
                conditions = ConditionList.Remove(ConditionList.Remove(conditions, ConditionTypes.Reconciling), ConditionTypes.Stalled);
                observed = generation;
                requeue = s.RequeueAfter;
                label = OutcomeSucceeded;
                break;
            case ReconcileOutcome.Progressing p:
                conditions = Set(conditions, ConditionTypes.Reconciling, ConditionStatus.True, p.Reason, p.Message, now, generation);
                conditions = Set(conditions, ConditionTypes.Ready, ConditionStatus.Unknown, p.Reason, p.Message, now, generation);
                conditions = ConditionList.Remove(conditions, ConditionTypes.Stalled);
                requeue = p.RequeueAfter ?? defaultProgressingRequeue;
                label = OutcomeProgressing;
                break;
            case ReconcileOutcome.Waiting w:
                conditions = Set(conditions, ConditionTypes.Reconciling, ConditionStatus.True, w.Reason, w.Message, now, generation);
                conditions = Set(conditions, ConditionTypes.Ready, ConditionStatus.False, w.Reason, w.Message, now, generation);
                conditions = ConditionList.Remove(conditions, ConditionTypes.Stalled);
                requeue = w.RequeueAfter;
                label = OutcomeWaiting;
                break;
            case ReconcileOutcome.Stalled st:
                conditions = Set(conditions, ConditionTypes.Stalled, ConditionStatus.True, st.Reason, st.Message, now, generation);
                conditions = Set(conditions, ConditionTypes.Ready, ConditionStatus.False, st.Reason, st.Message, now, generation);
                conditions = ConditionList.Remove(conditions, ConditionTypes.Reconciling);
                observed = generation;
                requeue = null;
                label = OutcomeStalled;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "unknown reconcile outcome");
        }
        return new ReconcileDecision(result.Status with { Conditions = conditions, ObservedGeneration = observed }, requeue, false, label);
    }

    /// <summary>
    /// A reconcile threw: the current status is kept, Ready says why, and the queue backs off. A
    /// <see cref="GitOpsMlFailure"/> names its own reason (GitCloneFailed), any other error is ReconcileError.
    /// </summary>
    public static ReconcileDecision MapError(CustomResource resource, ResourceStatus current, Exception error, DateTimeOffset now)
    {
        var generation = resource.Metadata.Generation ?? 0;
        var message = error.Message;
        var reason = error is GitOpsMlFailure failure ? failure.Reason : ConditionReasons.ReconcileError;
        var conditions = Set(current.Conditions, ConditionTypes.Reconciling, ConditionStatus.True,
            ConditionReasons.ProgressingWithRetry, message, now, generation);
        conditions = Set(conditions, ConditionTypes.Ready, ConditionStatus.False, reason, message, now, generation);
        conditions = ConditionList.Remove(conditions, ConditionTypes.Stalled);
        return new ReconcileDecision(current with { Conditions = conditions }, null, true, OutcomeError);
    }

    /// <summary>Conditions only this mapper sets; a reconciler's own versions of them are ignored.</summary>
    private static readonly string[] RuntimeTypes = [ConditionTypes.Ready, ConditionTypes.Reconciling, ConditionTypes.Stalled];

    private static List<Condition> Set(IReadOnlyList<Condition>? conditions, string type, ConditionStatus status,
        string reason, string message, DateTimeOffset now, long generation) =>
        ConditionList.Set(conditions, type, status, reason, message, now, generation);

    /// <summary>
    /// The reconciler's own conditions, each keeping the previous transition time when its status did
    /// not change (a reconciler may build them fresh every time), with defaults for the time and generation.
    /// </summary>
    private static List<Condition> CarryTransitionTimes(IReadOnlyList<Condition>? previous, IReadOnlyList<Condition>? computed,
        DateTimeOffset now, long generation)
    {
        var result = new List<Condition>();
        // The runtime's own conditions start from the previous ones, so that Set keeps their transition times.
        foreach (var type in RuntimeTypes)
            if (ConditionList.Get(previous, type) is { } kept) result = ConditionList.Set(result, kept);
        if (computed is null) return result;
        foreach (var c in computed.Where(c => !RuntimeTypes.Contains(c.Type)))
        {
            var fixedUp = c with
            {
                LastTransitionTime = c.LastTransitionTime == default ? now : c.LastTransitionTime,
                ObservedGeneration = c.ObservedGeneration ?? generation,
            };
            var before = ConditionList.Get(previous, c.Type);
            if (before is not null && before.Status == c.Status) fixedUp = fixedUp with { LastTransitionTime = before.LastTransitionTime };
            result = ConditionList.Set(result, fixedUp);
        }
        return result;
    }
}
