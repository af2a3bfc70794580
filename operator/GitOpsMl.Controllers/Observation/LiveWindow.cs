namespace GitOpsMl.Controllers.Observation;

/// <summary>Reference and live counts of one feature (or the prediction score) on the same bins or categories.</summary>
public sealed record LiveDistribution(string Name, bool Categorical, IReadOnlyList<double> Reference, IReadOnlyList<double> Live, long Samples);

/// <summary>One version's statistics window merged over replicas: per-feature distributions, predictions and label-feedback quality.</summary>
public sealed record LiveWindow(
    string Version,
    long Samples,
    IReadOnlyList<LiveDistribution> Features,
    LiveDistribution? Predictions,
    IReadOnlyDictionary<string, double> Quality,
    long Labeled);
