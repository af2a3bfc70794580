using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// What the rollout remembers between reconciles (the Deployment's status). Step is the 0-based index
/// into spec.rollout.canary.steps of the step under way. An aborted version is remembered with the
/// generation it was aborted under, so it is not retried until git changes the Deployment.
/// </summary>
public sealed record RolloutState
{
    public string? Stable { get; init; }
    public string? Canary { get; init; }
    public int Weight { get; init; }
    public int? Step { get; init; }
    public DateTimeOffset? StepStartedAt { get; init; }
    public RolloutPhase? Phase { get; init; }
    public string? AbortedVersion { get; init; }
    public long? AbortedGeneration { get; init; }
    public string? RollbackReason { get; init; }
}
