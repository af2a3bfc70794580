namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// What the monitor remembers between judgements (the Monitor's status). DriftCountedAt / QualityCountedAt:
/// when the latest breach in a row was counted; the next breach counts only once a fresh window has elapsed since.
/// </summary>
public sealed record MonitorState(DateTimeOffset? LastEvaluated = null, int DriftBreaches = 0, int QualityBreaches = 0, bool Drifting = false, bool QualityBreached = false,
    DateTimeOffset? DriftCountedAt = null, DateTimeOffset? QualityCountedAt = null);
