using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training.Tests;

public class TrainingHyperparametersTests
{
    [Fact]
    public void Omitted_fields_take_the_crd_defaults()
    {
        var hp = TrainingHyperparameters.Resolve(null);

        Assert.Equal(new TrainingHyperparameters(20, 256, 0.001, 0, OptimizerKind.Adam, 0, 42, ClassWeighting.None, null), hp);
    }

    [Fact]
    public void Given_fields_win()
    {
        var hp = TrainingHyperparameters.Resolve(new HyperparametersSpec
        {
            Epochs = 3, Optimizer = OptimizerKind.Sgd, Momentum = 0.9, Seed = 1, Threads = 2, ClassWeights = ClassWeighting.Balanced,
        });

        Assert.Equal(3, hp.Epochs);
        Assert.Equal(OptimizerKind.Sgd, hp.Optimizer);
        Assert.Equal(0.9, hp.Momentum);
        Assert.Equal(2, hp.Threads);
        Assert.Equal(ClassWeighting.Balanced, hp.ClassWeights);
    }

    [Fact]
    public void Momentum_without_sgd_is_refused_rather_than_ignored()
    {
        var e = Assert.Throws<GitOpsMlFailure>(() =>
            TrainingHyperparameters.Resolve(new HyperparametersSpec { Optimizer = OptimizerKind.Adam, Momentum = 0.9 }));
        Assert.Contains("sgd", e.Message);
        Assert.Equal((FailureKind.InvalidSpec, nameof(SpecRefusal.HyperparameterInvalid)), (e.Kind, e.Reason));
    }
}
