using GitOpsMl.Controllers.Execution;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// Turns how a run's process ended into its final record. A run that wrote its bundle and exited 0
/// succeeded, whatever else happened around it. Anything cut from outside — timeout, cancel, the
/// control plane stopping or dying — is Interrupted (the reconciler retries it under a new attempt);
/// anything else is the trainer's own verdict, with its exit code and its "failed" message.
/// </summary>
public static class TrainingRunOutcome
{
    public static TrainingRunRecord Finish(TrainingRunRecord run, TrainingRunEnd end)
    {
        var finished = run with { Progress = end.Progress, CompletionTime = end.At, ExitCode = end.ExitCode, ChildPid = null, ShellPid = null };
        if (end.ExitCode == 0 && end.BundleWritten)
            return finished with { Phase = TrainingRunPhase.Succeeded, BundlePath = run.OutputPath, Message = end.Progress.Version is { } v ? $"trained version {v}" : null };
        if (end.TimedOut)
            return finished with { Phase = TrainingRunPhase.Failed, Interrupted = true, TimedOut = true, Message = $"timed out after {Describe(run.Timeout)}; the run was stopped" };
        if (end.Cancelled)
            return finished with { Phase = TrainingRunPhase.Failed, Interrupted = true, Message = "cancelled; the run was stopped" };
        if (end.ExitCode is null)
            return finished with { Phase = TrainingRunPhase.Failed, Interrupted = true, Message = "the run's process is gone without a result (the control plane stopped while it ran)" };
        if (end.Stopped)
            return finished with { Phase = TrainingRunPhase.Failed, Interrupted = true, Message = $"stopped with the control plane (exit code {end.ExitCode})" };
        if (end.ExitCode == 0)
            return finished with { Phase = TrainingRunPhase.Failed, Message = $"gitopsml train exited 0 but wrote no bundle at {run.OutputPath}" };
        return finished with
        {
            Phase = TrainingRunPhase.Failed,
            Message = end.Progress.FailureMessage ?? $"gitopsml train exited with code {end.ExitCode}" + (end.ExitCode > 128 ? $" (killed by signal {end.ExitCode - 128})" : ""),
        };
    }

    private static string Describe(TimeSpan? t) => t is not { } v ? "its timeout"
        : v.TotalHours >= 1 ? $"{v.TotalHours:0.##}h" : v.TotalMinutes >= 1 ? $"{v.TotalMinutes:0.##}m" : $"{v.TotalSeconds:0.##}s";
}
