namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// The result of one monitor window: the state to record, when the next window is due, each condition's
/// reason and message (Drifting, QualityBreached), the window's highest score and the actions to take.
/// </summary>
public sealed record MonitorVerdict(MonitorState Next, DateTimeOffset NextEvaluation,
    string DriftReason, string DriftMessage, string QualityReason, string QualityMessage,
    string? WorstFeature, double? WorstScore, IReadOnlyList<MonitorActionDecision> Actions);
