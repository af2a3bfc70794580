namespace GitOpsMl.Serving.Protocol;

public sealed record LoadFailureStatus(string Directory, string Reason, DateTimeOffset At);
