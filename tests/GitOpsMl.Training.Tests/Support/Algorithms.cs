using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training.Tests.Support;

/// <summary>The algorithm variants every behaviour is checked against, by a short name usable in theory data.</summary>
public static class Algorithms
{
    public static readonly string[] Names =
        ["linear", "mlp-relu", "mlp-tanh", "mlp-gelu", "mlp-leakyRelu", "mlp-batchNorm-dropout"];

    public static AlgorithmSpec Get(string name) => name switch
    {
        "linear" => new AlgorithmSpec { Linear = new LinearSpec() },
        "mlp-relu" => Mlp(Activation.Relu),
        "mlp-tanh" => Mlp(Activation.Tanh),
        "mlp-gelu" => Mlp(Activation.Gelu),
        "mlp-leakyRelu" => Mlp(Activation.LeakyRelu),
        "mlp-batchNorm-dropout" => new AlgorithmSpec
        {
            Mlp = new MlpSpec { HiddenLayers = [32, 16], Activation = Activation.Relu, BatchNorm = true, Dropout = 0.1 },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static AlgorithmSpec Mlp(Activation activation) =>
        new() { Mlp = new MlpSpec { HiddenLayers = [32, 16], Activation = activation } };

    public static TheoryData<string, PredictionTask> EveryAlgorithmAndTask()
    {
        var data = new TheoryData<string, PredictionTask>();
        foreach (var name in Names)
        {
            foreach (var task in Enum.GetValues<PredictionTask>())
            data.Add(name, task);
        }

        return data;
    }
}
