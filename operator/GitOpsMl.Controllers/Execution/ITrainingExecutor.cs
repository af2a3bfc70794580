namespace GitOpsMl.Controllers.Execution;

/// <summary>
/// Runs training runs somewhere else (a child process locally, a batch/v1 Job in a cluster).
/// Runs are named by the caller from content (spec hash + data sha256 + feature-set hash + attempt),
/// so starting is idempotent: a run that exists, running or finished, is observed, never started twice.
/// </summary>
public interface ITrainingExecutor
{
    /// <summary>Starts the run unless one by that name exists; returns its state either way.</summary>
    Task<TrainingRunState> EnsureStartedAsync(TrainingRunRequest request, CancellationToken ct = default);

    /// <summary>The run's state, or null when no run by that name was ever started.</summary>
    Task<TrainingRunState?> ObserveAsync(string runName, CancellationToken ct = default);

    /// <summary>Stops a running run (timeout, spec changed); a no-op for a finished one.</summary>
    Task CancelAsync(string runName, CancellationToken ct = default);
}
