namespace GitOpsMl.Controllers.Planning;

/// <summary>A rollout decision and the state to record for it.</summary>
public sealed record RolloutPlan(RolloutDecision Decision, RolloutState Next);
