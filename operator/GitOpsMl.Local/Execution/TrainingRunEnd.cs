namespace GitOpsMl.Local.Execution;

/// <summary>
/// What is known when a run's process is over: its exit code (null when nothing recorded one —
/// the process vanished with the control plane), whether it was stopped from outside (the
/// watchdog's stdin closed: cancel, shutdown or the control plane's death), whether the timeout
/// fired, whether the bundle folder holds a manifest, and the progress it printed.
/// </summary>
public sealed record TrainingRunEnd(int? ExitCode, bool Stopped, bool TimedOut, bool Cancelled, bool BundleWritten, TrainingProgress Progress, DateTimeOffset At);
