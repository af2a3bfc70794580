using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// The gate decision for one version: its phase, every gate's result (for status.gateResults), and a
/// reason (<see cref="GateReasons"/>) with a message naming each failed gate and its numbers.
/// </summary>
public sealed record GateEvaluation(ModelVersionPhase Phase, IReadOnlyList<GateResult> Results, string Reason, string Message)
{
    public IEnumerable<GateResult> Failed => Results.Where(r => r.Verdict == GateVerdict.Failed);
}
