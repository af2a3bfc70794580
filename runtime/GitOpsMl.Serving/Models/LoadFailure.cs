namespace GitOpsMl.Serving.Models;

/// <summary>A bundle that was refused, and why.</summary>
public sealed record LoadFailure(string Directory, string Reason, DateTimeOffset At);
