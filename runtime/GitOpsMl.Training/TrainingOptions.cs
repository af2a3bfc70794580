using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training;

/// <summary>What to train and how: the TrainingJob's algorithm, hyperparameters and early stopping, plus the device.</summary>
/// <param name="Device"><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>, resolved by <see cref="TorchRuntime.ResolveDevice"/>.</param>
/// <param name="Progress">Called after every epoch, on the training thread; keep it quick.</param>
/// <param name="StartFromTrivial">
/// Start the output layer as the <see cref="TrivialPredictor"/> of the training data (zero weights, bias at the class
/// prior or mean) and, with early stopping, count those initial weights as epoch 0: restoring the best epoch can then
/// never end worse on the watched validation metric than the trivial predictor. The linear baseline trains this way.
/// </param>
public sealed record TrainingOptions(
    AlgorithmSpec Algorithm,
    HyperparametersSpec? Hyperparameters = null,
    EarlyStoppingSpec? EarlyStopping = null,
    string Device = "auto",
    Action<EpochProgress>? Progress = null,
    bool StartFromTrivial = false);
