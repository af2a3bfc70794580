using GitOpsMl.Api.Schema;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GitOpsMl.Training;

/// <summary>
/// Builds the TorchSharp network an <see cref="AlgorithmSpec"/> describes, as a flat <see cref="Sequential"/> of
/// named layers. Flat and named because <see cref="NetworkExporter"/> walks exactly these layers in order to write
/// the ONNX graph, and the names make the state dict readable (<c>hidden0.weight</c>, <c>norm0.running_mean</c>).
/// </summary>
/// <remarks>
/// Linear: one Linear(width → outputs). MLP, per hidden layer: Linear → BatchNorm1d (when batchNorm) → activation
/// → Dropout (when dropout &gt; 0), then Linear(last → outputs). Normalization before the activation is the
/// original BatchNorm placement; dropout last so it never perturbs the statistics BatchNorm collects.
/// </remarks>
public static class NetworkFactory
{
    /// <summary>
    /// Creates the network on the CPU with deterministic initial weights: the global torch generator is seeded
    /// with <paramref name="seed"/> first (TorchSharp's layer initializers draw from it), so the same spec, widths
    /// and seed give bit-identical weights. Move it with <c>.to(device)</c> afterwards.
    /// </summary>
    /// <param name="outputs">1 for binary (one logit) and regression, C for multiclass (C logits).</param>
    public static Sequential Create(AlgorithmSpec algorithm, int inputWidth, int outputs, long seed)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        if ((algorithm.Linear is null) == (algorithm.Mlp is null))
            throw GitOpsMlFailure.InvalidSpec(SpecRefusal.AlgorithmInvalid, "Exactly one of algorithm.linear or algorithm.mlp must be set.");

        using (TorchGate.Session())
        {
            torch.manual_seed(seed);
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            var width = inputWidth;
            if (algorithm.Mlp is { } mlp)
            {
                if (mlp.HiddenLayers.Count == 0)
                    throw GitOpsMlFailure.InvalidSpec(SpecRefusal.AlgorithmInvalid, "mlp.hiddenLayers needs at least one layer.");
                var activation = mlp.Activation ?? SpecDefaults.Of<Activation>(typeof(MlpSpec), nameof(MlpSpec.Activation));
                var dropout = mlp.Dropout ?? SpecDefaults.Of<double>(typeof(MlpSpec), nameof(MlpSpec.Dropout));
                var batchNorm = mlp.BatchNorm ?? SpecDefaults.Of<bool>(typeof(MlpSpec), nameof(MlpSpec.BatchNorm));
                if (!(dropout >= 0 && dropout < 1))
                    throw GitOpsMlFailure.InvalidSpec(SpecRefusal.AlgorithmInvalid, $"mlp.dropout must be in [0, 1), not {dropout}.");

                for (var i = 0; i < mlp.HiddenLayers.Count; i++)
                {
                    var hidden = mlp.HiddenLayers[i];
                    if (hidden < 1)
                        throw GitOpsMlFailure.InvalidSpec(SpecRefusal.AlgorithmInvalid, $"mlp.hiddenLayers[{i}] is {hidden}; widths must be at least 1.");
                    layers.Add(($"hidden{i}", nn.Linear(width, hidden)));
                    if (batchNorm) layers.Add(($"norm{i}", nn.BatchNorm1d(hidden)));
                    layers.Add(($"act{i}", CreateActivation(activation)));
                    if (dropout > 0) layers.Add(($"dropout{i}", nn.Dropout(dropout)));
                    width = hidden;
                }
            }
            layers.Add(("output", nn.Linear(width, outputs)));
            return nn.Sequential(layers.ToArray());
        }
    }

    /// <summary>True when the network has BatchNorm layers (which cannot train on a batch of one row).</summary>
    public static bool HasBatchNorm(Sequential network) =>
        network.named_children().Any(c => c.module is BatchNorm1d);

    private static nn.Module<Tensor, Tensor> CreateActivation(Activation activation) => activation switch
    {
        Activation.Relu => nn.ReLU(),
        Activation.Tanh => nn.Tanh(),
        // Exact (erf) GELU, torch's default; the exporter writes the same formula.
        Activation.Gelu => nn.GELU(),
        // torch's default slope 0.01; the exporter reads the slope back from the layer.
        Activation.LeakyRelu => nn.LeakyReLU(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
