namespace GitOpsMl.Training;

/// <summary>What the trainer reports after each epoch (progress callback and <see cref="TrainingResult.History"/>).</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="Epochs">Epochs planned; early stopping can end the run before.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's samples (on the standardized target for regression).</param>
/// <param name="ValidationMetric">Name of the watched validation metric (a <c>TaskMetrics</c> name), or null without validation data.</param>
/// <param name="ValidationValue">Its value after this epoch, or null without validation data.</param>
/// <param name="SamplesPerSecond">Training samples per second of this epoch's optimisation loop (validation excluded).</param>
/// <param name="Elapsed">Wall time since training began.</param>
/// <param name="Eta">Estimated time for the remaining planned epochs, from the mean epoch time so far.</param>
/// <param name="BestEpoch">Epoch with the best validation value so far (this one when it improved); 0 without validation.</param>
public sealed record EpochProgress(
    int Epoch,
    int Epochs,
    double TrainLoss,
    string? ValidationMetric,
    double? ValidationValue,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    TimeSpan Eta,
    int BestEpoch);
