using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// What a reconciler hands back: the status it computed (its own fields and kind-specific
/// conditions) and the outcome. The runtime adds Ready/Reconciling/Stalled and observedGeneration
/// from the outcome and writes the status only when its content changed.
/// </summary>
public sealed record ReconcileResult(ResourceStatus Status, ReconcileOutcome Outcome);
