namespace GitOpsMl.Controllers.Execution;

public enum TrainingRunPhase { Pending, Running, Succeeded, Failed }

/// <summary>
/// What the executor observed of one run. Progress comes from the trainer's JSON-lines events.
/// ExitCode is the `gitopsml train` exit code (1 invalid input, 3 diverged, 70 internal; see
/// ExitCodes); Interrupted is true when the run was cut by something other than itself (the
/// control plane crashed, the process was killed, the timeout fired), which the reconciler retries.
/// </summary>
public sealed record TrainingRunState(string RunName, TrainingRunPhase Phase)
{
    public int? Epoch { get; init; }
    public int? Epochs { get; init; }
    public string? ValidationMetric { get; init; }
    public double? ValidationValue { get; init; }
    public string? Device { get; init; }
    public string? Message { get; init; }
    public int? ExitCode { get; init; }
    public bool Interrupted { get; init; }
    public bool TimedOut { get; init; }
    /// <summary>The finished bundle folder (model.onnx, metrics.json, manifest.json ...) on Succeeded.</summary>
    public string? BundlePath { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }
}
