using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training;

/// <summary>
/// How the linear baseline is trained: its own recipe, not the job's. The baseline is the reference a
/// <c>beatsBaseline</c> gate compares with, so it must be a sound model on its own terms. Trained with the job's early
/// stopping and class weights it once stopped at epoch 11 keeping its epoch-1 weights and scored 0.032 accuracy on an
/// imbalanced multiclass set — far below always guessing the majority class — and every gate against it passed.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>It starts as the <see cref="TrivialPredictor"/> (zero weights, bias at the class prior or mean) and the
/// initial weights count as epoch 0, so restoring the best epoch cannot end worse than the trivial predictor on
/// validation loss.</item>
/// <item>It watches its own validation loss (logLoss for classifiers, rmse for regression), with patience
/// <see cref="Patience"/> over at most <see cref="MaxEpochs"/> epochs, and restores the best epoch.</item>
/// <item>Adam at <see cref="LearningRate"/> (a convex problem on standardized inputs tolerates a larger step than a
/// deep network), no weight decay, no class weights: the metrics it is compared on (accuracy, logLoss, rmse) do not
/// weigh classes, nor does the trivial predictor. Sample weights (the Dataset's role weight column) are part of the
/// data, not of the recipe: the baseline, the trivial predictor and their metrics weigh rows by them as the model's do.</item>
/// <item>Without validation rows (split.validation 0) there is nothing to stop on: it trains
/// <see cref="EpochsWithoutValidation"/> epochs and keeps the last.</item>
/// <item>Batches of the job's size, but at most <see cref="MaxBatchesPerEpoch"/> per epoch, so the baseline's cost
/// on millions of rows is a bounded number of optimizer steps.</item>
/// <item>The job's seed and thread count: the baseline is as reproducible as the model.</item>
/// </list>
/// The epochs used and the best epoch are in the progress stream (model "baseline").
/// </remarks>
public static class BaselineTraining
{
    public const int MaxEpochs = 200;
    public const int Patience = 10;
    public const double LearningRate = 0.01;
    public const int MaxBatchesPerEpoch = 100;
    public const int EpochsWithoutValidation = 50;

    /// <summary>An improvement smaller than this fraction of the loss scale (1 nat, or the target's std) is noise.</summary>
    public const double RelativeMinDelta = 1e-4;

    /// <summary>The baseline's training options; <paramref name="jobHyperparameters"/> lend it only the batch size, seed and threads.</summary>
    public static TrainingOptions Options(
        TrainingData train, bool hasValidation, HyperparametersSpec? jobHyperparameters, string device, Action<EpochProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(train);
        var job = TrainingHyperparameters.Resolve(jobHyperparameters);
        var batchSize = Math.Max(job.BatchSize, (train.Rows + MaxBatchesPerEpoch - 1) / MaxBatchesPerEpoch);
        var hyperparameters = new HyperparametersSpec
        {
            Epochs = hasValidation ? MaxEpochs : EpochsWithoutValidation,
            BatchSize = batchSize,
            LearningRate = LearningRate,
            WeightDecay = 0,
            Optimizer = OptimizerKind.Adam,
            Seed = job.Seed,
            ClassWeights = ClassWeighting.None,
            Threads = job.Threads,
        };
        var (metric, scale) = train.Task == PredictionTask.Regression
            ? ("rmse", (double)TargetScaling.Fit(train.Targets, train.Weights).Std)
            : ("logLoss", 1.0);
        var earlyStopping = !hasValidation ? null : new EarlyStoppingSpec { Metric = metric, Patience = Patience, MinDelta = RelativeMinDelta * scale };
        return new TrainingOptions(new AlgorithmSpec { Linear = new LinearSpec() }, hyperparameters, earlyStopping, device, progress, StartFromTrivial: true);
    }
}
