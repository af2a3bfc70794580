using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Api.Bundles;

/// <summary>
/// metrics.json of a bundle: test metrics of the model, of its linear baseline and of the trivial predictor,
/// per-slice metrics, the per-epoch validation history, the export parity check, and the run's warnings.
/// </summary>
public sealed record MetricsDocument
{
    public required string Task { get; init; }

    /// <summary>
    /// The Dataset column with role weight when there is one: then every metric here (test, baseline, trivial, slices,
    /// the validation history) is weighted by it, a row counting in proportion to its weight, as the training loss did.
    /// Row counts (<see cref="Rows"/>, <see cref="SliceRows"/>) stay counts of rows. Null (absent) when unweighted.
    /// </summary>
    public string? WeightedBy { get; init; }
    public required IReadOnlyDictionary<string, double> Test { get; init; }
    public IReadOnlyDictionary<string, double>? Baseline { get; init; }

    /// <summary>
    /// Test metrics of the trivial predictor, which ignores the features: the training split's class frequencies
    /// for every row (accuracy of always guessing the majority class, logLoss of the prior, auc 0.5) or the training
    /// mean (regression). A model that does not beat it has learned nothing. Null in bundles from before it existed.
    /// </summary>
    public IReadOnlyDictionary<string, double>? Trivial { get; init; }

    /// <summary>"column=value" → metric → value, on the test rows of that slice.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Slices { get; init; }

    /// <summary>"column=value" → number of test rows in the slice (small slices have noisy metrics).</summary>
    public required IReadOnlyDictionary<string, int> SliceRows { get; init; }

    /// <summary>
    /// Numeric slice columns with more than 20 distinct test values are cut into quartiles of the test rows:
    /// column → the edges (ascending, up to three), which name its slices "&lt;e1", "[e1,e2)", "&gt;=e3". Null when none is.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? SliceBins { get; init; }

    public required IReadOnlyList<EpochRecord> Validation { get; init; }
    public required int BestEpoch { get; init; }
    public required SplitRows Rows { get; init; }
    public required ParityCheck Parity { get; init; }

    /// <summary>
    /// What a person should know although the run succeeded (too few optimizer steps, no better than the trivial
    /// predictor), in a fixed order; null (absent) when there is nothing to say, so such bundles are unchanged.
    /// </summary>
    public IReadOnlyList<TrainingWarning>? Warnings { get; init; }
}

public sealed record EpochRecord(int Epoch, double TrainLoss, string Metric, double Value);

public sealed record SplitRows(int Train, int Validation, int Test);

/// <summary>Largest absolute difference between TorchSharp's and ONNX Runtime's outputs on the test rows.</summary>
public sealed record ParityCheck(int Rows, double MaxAbsDifference, double Tolerance)
{
    public bool Passed => MaxAbsDifference <= Tolerance;
}
