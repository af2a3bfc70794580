using GitOpsMl.Api.Schema;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training;

/// <summary>
/// <see cref="HyperparametersSpec"/> with every omitted field replaced by its CRD default: what a run actually used,
/// so it can be recorded in lineage and compared between runs.
/// </summary>
/// <param name="Threads">CPU threads for torch; null leaves libtorch's own choice (results then depend on the machine).</param>
public sealed record TrainingHyperparameters(
    int Epochs,
    int BatchSize,
    double LearningRate,
    double WeightDecay,
    OptimizerKind Optimizer,
    double Momentum,
    long Seed,
    ClassWeighting ClassWeights,
    int? Threads)
{
    /// <summary>Fills defaults from the <c>[Default]</c> attributes of <see cref="HyperparametersSpec"/> and checks ranges.</summary>
    public static TrainingHyperparameters Resolve(HyperparametersSpec? spec)
    {
        spec ??= new HyperparametersSpec();
        var t = typeof(HyperparametersSpec);
        var resolved = new TrainingHyperparameters(
            spec.Epochs ?? SpecDefaults.Of<int>(t, nameof(HyperparametersSpec.Epochs)),
            spec.BatchSize ?? SpecDefaults.Of<int>(t, nameof(HyperparametersSpec.BatchSize)),
            spec.LearningRate ?? SpecDefaults.Of<double>(t, nameof(HyperparametersSpec.LearningRate)),
            spec.WeightDecay ?? SpecDefaults.Of<double>(t, nameof(HyperparametersSpec.WeightDecay)),
            spec.Optimizer ?? SpecDefaults.Of<OptimizerKind>(t, nameof(HyperparametersSpec.Optimizer)),
            spec.Momentum ?? SpecDefaults.Of<double>(t, nameof(HyperparametersSpec.Momentum)),
            spec.Seed ?? SpecDefaults.Of<long>(t, nameof(HyperparametersSpec.Seed)),
            spec.ClassWeights ?? SpecDefaults.Of<ClassWeighting>(t, nameof(HyperparametersSpec.ClassWeights)),
            spec.Threads);
        resolved.Validate();
        return resolved;
    }

    /// <summary>
    /// Only what the trainer cannot run with is refused here; the CRD's tighter ranges (learning rate ≤ 10) are the
    /// API's business, and a learning rate outside them is still a run that can be attempted (and diverge).
    /// </summary>
    private void Validate()
    {
        if (Epochs < 1) throw GitOpsMlFailure.InvalidSpec(SpecRefusal.HyperparameterInvalid, $"epochs must be at least 1, not {Epochs}.");
        if (BatchSize < 1) throw GitOpsMlFailure.InvalidSpec(SpecRefusal.HyperparameterInvalid, $"batchSize must be at least 1, not {BatchSize}.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw GitOpsMlFailure.InvalidSpec(SpecRefusal.HyperparameterInvalid, $"learningRate must be a positive finite number, not {LearningRate}.");
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay))
            throw GitOpsMlFailure.InvalidSpec(SpecRefusal.HyperparameterInvalid, $"weightDecay must be a non-negative finite number, not {WeightDecay}.");
        if (!(Momentum >= 0) || !double.IsFinite(Momentum))
            throw GitOpsMlFailure.InvalidSpec(SpecRefusal.HyperparameterInvalid, $"momentum must be a non-negative finite number, not {Momentum}.");
        if (Momentum > 0 && Optimizer != OptimizerKind.Sgd)
            throw GitOpsMlFailure.InvalidSpec(SpecRefusal.HyperparameterInvalid, $"momentum applies only to the sgd optimizer, not {Optimizer}; it would be silently ignored.");
        if (Threads is < 1) throw GitOpsMlFailure.InvalidSpec(SpecRefusal.HyperparameterInvalid, $"threads must be at least 1, not {Threads}.");
    }
}
