namespace GitOpsMl.Controllers.Planning;

/// <summary>The servers' request counters at one moment, by replica name (each counts from its own start).</summary>
public sealed record RequestCount(DateTimeOffset At, IReadOnlyDictionary<string, long> ByReplica);
