namespace GitOpsMl.Local.Execution;

/// <summary>
/// Where the local executors keep their state (runs, serving folders, logs) and how they start
/// and watch child processes. Every path under <see cref="StateDirectory"/> is the executors' own.
/// </summary>
public sealed record LocalExecutionOptions(string StateDirectory, GitOpsMlCommand Command)
{
    /// <summary>Bundles written by training runs, one folder per run name (default: STATE/artifacts).</summary>
    public string? ArtifactsDirectory { get; init; }

    /// <summary>How long a stopping child gets between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often serving replicas are checked (alive, /v2/health/ready, model ready).</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Crash restarts wait FirstRestartDelay, doubling per consecutive crash, up to MaxRestartDelay.</summary>
    public TimeSpan FirstRestartDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A replica that ran this long before crashing starts its backoff over.</summary>
    public TimeSpan BackoffResetAfter { get; init; } = TimeSpan.FromSeconds(60);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string StateRoot => Path.GetFullPath(StateDirectory);
    public string Artifacts => Path.GetFullPath(ArtifactsDirectory ?? Path.Combine(StateRoot, "artifacts"));
    public string Logs => Path.Combine(StateRoot, "logs");
}
