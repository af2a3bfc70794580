using GitOpsMl.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GitOpsMl.Training.Tests;

/// <summary>
/// TorchSharp's native library loads and trains here. On Debian 12 this depends on the patched
/// libLibTorchSharp.so the build puts next to libtorch (build/torchsharp-native).
/// </summary>
public class TorchSharpSmokeTests
{
    [Fact]
    public void Mlp_trains_on_cpu_with_finite_gradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(42);
        var device = TorchRuntime.ResolveDevice("cpu");

        // y = 3 x0 - 2 x1 + 0.5 on a fixed grid of 64 points
        var grid = linspace(-1, 1, 8);
        var x = stack(new[] { grid.repeat_interleave(8), grid.repeat(8) }, 1).to(device);
        var y = (3 * x.select(1, 0) - 2 * x.select(1, 1) + 0.5).unsqueeze(1);

        var model = nn.Sequential(
            ("fc1", nn.Linear(2, 16)), ("relu", nn.ReLU()), ("fc2", nn.Linear(16, 1))).to(device);
        var optimizer = optim.Adam(model.parameters(), lr: 0.05);

        float first = 0, last = 0;
        for (var step = 0; step < 40; step++)
        {
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.forward(x), y);
            loss.backward();

            foreach (var (name, p) in model.named_parameters())
            {
                Assert.NotNull(p.grad);
                Assert.True(isfinite(p.grad).all().item<bool>(), $"gradient of {name} is not finite at step {step}");
            }
            optimizer.step();

            var value = loss.item<float>();
            if (step == 0) first = value;
            last = value;
        }

        Assert.True(float.IsFinite(first) && first > 0, $"initial loss {first}");
        Assert.True(last < first * 0.2f, $"loss did not fall enough: {first} -> {last}");
    }

    [Fact]
    public void Auto_resolves_to_cpu_without_cuda()
    {
        var device = TorchRuntime.ResolveDevice("auto");

        if (cuda.is_available())
            Assert.Equal(DeviceType.CUDA, device.type); // only on a GPU machine; CI has none
        else
            Assert.Equal(DeviceType.CPU, device.type);
        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice("cpu").type);
    }

    [Fact]
    public void Cuda_without_cuda_fails_clearly_and_bad_names_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice("gpu"));
        if (cuda.is_available()) return;

        var e = Assert.Throws<InvalidOperationException>(() => TorchRuntime.ResolveDevice("cuda"));
        Assert.Contains("CUDA is not available", e.Message);
        Assert.Contains(TorchRuntime.LibTorchDirectoryVariable, e.Message);
    }

    [Fact]
    public void Describe_names_versions_and_device()
    {
        var info = TorchRuntime.Describe(TorchRuntime.ResolveDevice("cpu"));

        Assert.Matches(@"^\d+\.\d+\.\d+", info.TorchSharpVersion);
        Assert.Matches(@"^\d+\.\d+\.\d+", info.LibTorchVersion);
        Assert.Equal("cpu", info.Device);
        Assert.Contains("device cpu", info.ToString());
    }
}
