using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// Everything one rollout decision depends on. Target is the version the Deployment should serve
/// (pinned, or the Model's latest Approved; null while there is none); Generation is the
/// Deployment's metadata.generation; Analysis is null when nothing was observed yet.
/// </summary>
public sealed record RolloutInput(RolloutSpec? Spec, long Generation, RolloutState State, string? Target, CanaryObservation? Analysis, DateTimeOffset Now);
