namespace GitOpsMl.Training.Pipeline;

/// <summary>
/// One line of the trainer's progress stream (JSON lines on stdout): data read, each epoch,
/// the final summary. The operator parses the same lines from a child process or a Job's log.
/// </summary>
public sealed record TrainingEvent(string Event)
{
    public string? Model { get; init; }
    public int? Epoch { get; init; }
    public int? Epochs { get; init; }
    public double? TrainLoss { get; init; }
    public string? Metric { get; init; }
    public double? Value { get; init; }
    public double? SamplesPerSecond { get; init; }
    public double? EtaSeconds { get; init; }
    public long? Rows { get; init; }
    public long? InvalidRows { get; init; }
    public string? Sha256 { get; init; }
    public string? Device { get; init; }
    public string? Bundle { get; init; }
    public string? Version { get; init; }
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
    public IReadOnlyDictionary<string, double>? Baseline { get; init; }
    public string? Message { get; init; }
}
