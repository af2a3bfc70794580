namespace GitOpsMl.Training;

/// <summary>The outcome of a successful (non-diverged) run.</summary>
/// <param name="Network">The trained network: the best epoch's weights when early stopping was on, else the last epoch's.</param>
/// <param name="History">One entry per completed epoch.</param>
/// <param name="BestEpoch">1-based epoch whose weights <see cref="Network"/> holds.</param>
/// <param name="StoppedEarly">True when early stopping ended the run before the planned epochs.</param>
/// <param name="Hyperparameters">The hyperparameters used, defaults filled in.</param>
/// <param name="Device">The torch device trained on, e.g. <c>cpu</c> or <c>cuda:0</c>.</param>
/// <param name="Duration">Wall time of the whole run.</param>
public sealed record TrainingResult(
    TrainedNetwork Network,
    IReadOnlyList<EpochProgress> History,
    int BestEpoch,
    bool StoppedEarly,
    TrainingHyperparameters Hyperparameters,
    string Device,
    TimeSpan Duration);
