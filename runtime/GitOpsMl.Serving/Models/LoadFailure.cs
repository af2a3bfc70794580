namespace GitOpsMl.Serving.Models;

/// <summary>A bundle that was refused, and why; Version when its manifest could be read.</summary>
public sealed record LoadFailure(string Directory, string Reason, DateTimeOffset At, string? Version = null);
