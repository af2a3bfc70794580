namespace GitOpsMl.Controllers.Planning;

/// <summary>What the monitor remembers between windows (the Monitor's status).</summary>
public sealed record MonitorState(DateTimeOffset? LastEvaluated = null, int DriftBreaches = 0, int QualityBreaches = 0, bool Drifting = false, bool QualityBreached = false);
