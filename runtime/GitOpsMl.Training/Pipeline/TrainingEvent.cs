namespace GitOpsMl.Training.Pipeline;

/// <summary>
/// One line of the trainer's progress stream (JSON lines on stdout): data read, a warning (with
/// <see cref="Reason"/> and <see cref="Message"/>, see <see cref="Api.Kinds.TrainingWarning"/>), each epoch, the final summary. The operator parses the same lines from a child process or a Job's log.
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
    /// <summary>Rows that broke the Dataset's schema (one of the reasons in <see cref="Dropped"/>).</summary>
    public long? InvalidRows { get; init; }

    /// <summary>Every row left out of training and evaluation, whatever the reason.</summary>
    public long? DroppedRows { get; init; }

    /// <summary>Why rows were dropped: reason → rows (see <see cref="PreparedData.DroppedByReason"/>).</summary>
    public IReadOnlyDictionary<string, long>? Dropped { get; init; }
    public string? Sha256 { get; init; }
    public string? Device { get; init; }
    public string? Bundle { get; init; }
    public string? Version { get; init; }
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
    public IReadOnlyDictionary<string, double>? Baseline { get; init; }

    /// <summary>Test metrics of the trivial predictor (class prior or mean): what a model that learned nothing scores.</summary>
    public IReadOnlyDictionary<string, double>? Trivial { get; init; }

    /// <summary>A warning's reason (FewOptimizerSteps, NoBetterThanTrivial); its words are in <see cref="Message"/>.</summary>
    public string? Reason { get; init; }
    public string? Message { get; init; }
}
