using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using TorchSharp.Modules;

namespace GitOpsMl.Training.Tests;

public class NetworkFactoryTests
{
    [Fact]
    public void Linear_is_one_layer_to_the_output_width()
    {
        using var net = NetworkFactory.Create(new AlgorithmSpec { Linear = new LinearSpec() }, 5, 3, seed: 1);

        var layer = Assert.IsType<Linear>(Assert.Single(net.named_children()).module);
        Assert.Equal(5, layer.in_features);
        Assert.Equal(3, layer.out_features);
    }

    [Fact]
    public void Mlp_layers_are_linear_norm_activation_dropout_per_hidden_layer()
    {
        var spec = new AlgorithmSpec
        {
            Mlp = new MlpSpec { HiddenLayers = [8, 4], Activation = Activation.LeakyRelu, BatchNorm = true, Dropout = 0.2 },
        };
        using var net = NetworkFactory.Create(spec, 6, 1, seed: 1);

        Assert.Equal(
            ["hidden0", "norm0", "act0", "dropout0", "hidden1", "norm1", "act1", "dropout1", "output"],
            net.named_children().Select(c => c.name));
        Assert.IsType<LeakyReLU>(net.named_children().Single(c => c.name == "act1").module);
    }

    [Fact]
    public void Defaults_give_relu_without_norm_or_dropout()
    {
        using var net = NetworkFactory.Create(new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [4] } }, 3, 1, seed: 1);

        Assert.Equal(["hidden0", "act0", "output"], net.named_children().Select(c => c.name));
        Assert.IsType<ReLU>(net.named_children().Single(c => c.name == "act0").module);
    }

    [Fact]
    public void Initial_weights_depend_only_on_the_seed()
    {
        var spec = new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [16] } };
        float[] Weights(long seed)
        {
            using var net = NetworkFactory.Create(spec, 4, 2, seed);
            return net.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }

        Assert.Equal(Weights(5), Weights(5));
        Assert.NotEqual(Weights(5), Weights(6));
    }

    [Fact]
    public void Both_or_neither_algorithm_is_refused()
    {
        Assert.Equal(nameof(SpecRefusal.AlgorithmInvalid), Assert.Throws<GitOpsMlFailure>(() => NetworkFactory.Create(new AlgorithmSpec(), 3, 1, 1)).Reason);
        Assert.Throws<GitOpsMlFailure>(() => NetworkFactory.Create(
            new AlgorithmSpec { Linear = new LinearSpec(), Mlp = new MlpSpec { HiddenLayers = [2] } }, 3, 1, 1));
    }
}
