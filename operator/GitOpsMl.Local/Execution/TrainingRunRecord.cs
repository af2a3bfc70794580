using GitOpsMl.Controllers.Execution;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// What STATE/runs/RUN/state.json holds, so that a restarted control plane observes the run:
/// the processes (to clean up), when it started and its limit, and, once finished, the outcome
/// and its last progress (so a finished run is reported from disk, never rerun).
/// </summary>
public sealed record TrainingRunRecord(string RunName, TrainingRunPhase Phase, DateTimeOffset StartTime)
{
    public int? ShellPid { get; init; }
    public int? ChildPid { get; init; }
    public TimeSpan? Timeout { get; init; }
    public string? OutputPath { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }
    public int? ExitCode { get; init; }
    public bool Interrupted { get; init; }
    public bool TimedOut { get; init; }
    public string? Message { get; init; }
    public string? BundlePath { get; init; }
    public TrainingProgress Progress { get; init; } = TrainingProgress.None;

    public bool IsFinished => Phase is TrainingRunPhase.Succeeded or TrainingRunPhase.Failed;

    public TrainingRunState ToState(TrainingProgress? live = null)
    {
        var p = live ?? Progress;
        return new TrainingRunState(RunName, Phase)
        {
            Epoch = p.Epoch,
            Epochs = p.Epochs,
            ValidationMetric = p.ValidationMetric,
            ValidationValue = p.ValidationValue,
            Device = p.Device,
            Message = Message,
            ExitCode = ExitCode,
            Interrupted = Interrupted,
            TimedOut = TimedOut,
            BundlePath = BundlePath,
            StartTime = StartTime,
            CompletionTime = CompletionTime,
        };
    }
}
