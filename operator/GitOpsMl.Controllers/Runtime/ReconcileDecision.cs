using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// What the runtime does after a reconcile: the status to write, and when to look again —
/// after <see cref="RequeueAfter"/>, with backoff (<see cref="Backoff"/>, a transient error), or not
/// at all until a watch fires. <see cref="Outcome"/> labels the metrics.
/// </summary>
public sealed record ReconcileDecision(ResourceStatus Status, TimeSpan? RequeueAfter, bool Backoff, string Outcome);
