namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// The closed set of things a reconcile can conclude (Flux's reconcile results). A thrown
/// exception is none of these: it means transient, and the work queue retries with backoff.
/// One function (the status writer) turns an outcome into conditions, observedGeneration and requeue.
/// </summary>
public abstract record ReconcileOutcome
{
    private ReconcileOutcome() { }

    /// <summary>Everything is as the spec asks; Ready=True. Requeue to re-check (a monitor interval, a canary pause).</summary>
    public sealed record Succeeded(TimeSpan? RequeueAfter = null) : ReconcileOutcome;

    /// <summary>Work is under way (training, a canary step); Ready=Unknown, Reconciling=True.</summary>
    public sealed record Progressing(string Reason, string Message, TimeSpan? RequeueAfter = null) : ReconcileOutcome;

    /// <summary>A dependency is not ready; Ready=False naming it; requeue after the delay (watches usually come first).</summary>
    public sealed record Waiting(string Reason, string Message, TimeSpan RequeueAfter) : ReconcileOutcome;

    /// <summary>The spec can never work as written; Ready=False, Stalled=True, no requeue until the spec (generation) changes.</summary>
    public sealed record Stalled(string Reason, string Message) : ReconcileOutcome;
}
