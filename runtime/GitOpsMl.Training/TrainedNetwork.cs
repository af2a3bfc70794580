using GitOpsMl.Api.Kinds;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GitOpsMl.Training;

/// <summary>
/// A trained network and everything needed to use it the way it was trained: task, input width, class count and,
/// for regression, the target scaling. <see cref="Predictor"/> and <see cref="NetworkExporter"/> take this, so the
/// two inference paths cannot disagree about the head. Owns native tensors: dispose it.
/// </summary>
public sealed class TrainedNetwork : IDisposable
{
    public TrainedNetwork(Sequential module, PredictionTask task, int inputWidth, int classes, TargetScaling? targetScaling, Device device)
    {
        ArgumentNullException.ThrowIfNull(module);
        if ((task == PredictionTask.Regression) != (targetScaling is not null))
            throw new ArgumentException("Regression networks need a target scaling, classifiers must not have one.", nameof(targetScaling));
        Module = module;
        Task = task;
        InputWidth = inputWidth;
        Classes = classes;
        TargetScaling = targetScaling;
        Device = device;
    }

    public Sequential Module { get; }

    public PredictionTask Task { get; }

    public int InputWidth { get; }

    /// <summary>2 for binary, C for multiclass, 0 for regression.</summary>
    public int Classes { get; }

    /// <summary>Number of raw network outputs: 1 (binary logit, regression value) or C (multiclass logits).</summary>
    public int OutputWidth => Task == PredictionTask.Multiclass ? Classes : 1;

    /// <summary>Regression only: how predictions are de-standardized.</summary>
    public TargetScaling? TargetScaling { get; }

    /// <summary>Where the weights live.</summary>
    public Device Device { get; }

    public void Dispose() => Module.Dispose();
}
