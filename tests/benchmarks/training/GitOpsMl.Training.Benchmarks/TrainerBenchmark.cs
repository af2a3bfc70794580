using System.Diagnostics;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Splitting;
using TorchSharp;
using static TorchSharp.torch;

namespace GitOpsMl.Training.Benchmarks;

/// <summary>
/// Trainer samples/s against the least a TorchSharp training loop can do: the same network (NetworkFactory, same
/// seed), Adam lr 0.001, BCE-with-logits, thread count and device, over batches prebuilt on the device (no shuffle,
/// no checks, no progress). Samples/s are per warm epoch (epoch 1 of each run warms up the allocator and kernels);
/// the two alternate for several rounds and the best warm epoch of each is kept, so a burst of other load on the
/// machine (on 2 cores, two busy torch threads stall badly when anything else runs) does not decide the ratio.
/// </summary>
internal static class TrainerBenchmark
{
    private const int Width = 30;
    private const double Goal = 0.8;

    private sealed record Network(int[] Hidden, int BatchSize)
    {
        public override string ToString() => $"{Width}-{string.Join("-", Hidden)}-1";
    }

    public static void Run(BenchmarkOptions options, Device device)
    {
        const int rows = 200_000;
        var (rounds, warmEpochs) = options.Quick ? (1, 1) : (3, 2);
        Network[] networks = options.Networks is { } list ? Parse(list)
            : options.Quick ? [new([64, 32], 256), new([64, 32], 4096)]
            : [new([64, 32], 256), new([64, 32], 4096), new([512, 512], 4096)];
        Console.WriteLine();
        Console.WriteLine($"1. Trainer vs bare TorchSharp loop: {Format.N0(rows)} × {Width} synthetic binary table, MLP (ReLU), Adam lr 0.001, " +
                          $"seed 42, {options.Threads} threads, {device}; best warm epoch of {rounds} alternating round(s) × {warmEpochs} warm epoch(s) each");

        var data = SyntheticBinary(rows, Width, seed: 99);
        var shuffle = double.MaxValue;
        var results = new List<(Network Network, double Bare, double Trainer, double Wall)>();
        foreach (var network in networks)
        {
            var algorithm = new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [.. network.Hidden] } };
            double bare = 0, trainer = 0, wall = 0;
            for (var round = 0; round < rounds; round++)
            {
                var b = BareLoop(data, algorithm, network.BatchSize, warmEpochs, options.Threads, device);
                var (t, w) = TrainerRun(data, algorithm, network.BatchSize, warmEpochs, options.Threads, device);
                (bare, trainer, wall) = (Math.Max(bare, b.Max()), Math.Max(trainer, t.Max()), Math.Max(wall, w));
                shuffle = Math.Min(shuffle, ShuffleSeconds(data, options.Threads, device));
                var rss = MemoryProbe.Rss();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Console.Error.WriteLine($"  {network} batch {network.BatchSize} round {round + 1}: warm epochs bare {string.Join(", ", b.Select(Format.N0))}; " +
                                        $"trainer {string.Join(", ", t.Select(Format.N0))} samples/s (load average {Format.LoadAverage()}; " +
                                        $"RSS {Format.Mb(rss)} MB, after GC and finalizers {Format.Mb(MemoryProbe.Rss())} MB)");
            }
            results.Add((network, bare, trainer, wall));
        }

        var table = new TextTable("network", "batch", "bare samples/s", "trainer samples/s", "ratio", "goal", "trainer wall samples/s", "shuffle share");
        foreach (var (network, bare, trainer, wall) in results)
        {
            table.Add(network.ToString(), network.BatchSize.ToString(), Format.N0(bare), Format.N0(trainer), Format.Ratio(trainer / bare),
                trainer >= Goal * bare ? "ok" : "MISSED", Format.N0(wall), Format.F(100 * shuffle / (rows / bare), 1) + " %");
        }
        table.Print();
        Console.WriteLine($"  ratio = trainer / bare (goal ≥ {Goal}); trainer wall = one whole Train call (setup, upload, warm-up and warm epochs) over its wall time, best round;");
        Console.WriteLine($"  shuffle share = the trainer's per-epoch reshuffle (host Fisher–Yates of {Format.N0(rows)} indices + index_select of features and targets, " +
                          $"{Format.F(shuffle * 1000, 1)} ms) over one bare epoch: work the bare loop skips.");
    }

    /// <summary>What the trainer adds per epoch before its batches: the same permutation and gathers as Trainer.Run; best of 5, seconds.</summary>
    /// <remarks>Measured in every round; the table keeps the least, like the throughputs (the fastest rounds) it is compared with.</remarks>
    private static double ShuffleSeconds(TrainingData data, int threads, Device device)
    {
        var previousThreads = get_num_threads();
        set_num_threads(threads);
        try
        {
            using var x = tensor(data.Features.Dense, [data.Rows, Width], ScalarType.Float32, device);
            using var y = tensor(data.Targets!, [data.Rows, 1], ScalarType.Float32, device);
            var random = new SplitMix64(42);
            var best = double.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                using var scope = NewDisposeScope();
                var order = new long[data.Rows];
                for (var r = 0; r < order.Length; r++) order[r] = r;
                for (var r = order.Length - 1; r > 0; r--)
                {
                    var j = random.NextInt(r + 1);
                    (order[r], order[j]) = (order[j], order[r]);
                }
                var index = tensor(order, device: device);
                var sx = x.index_select(0, index);
                var sy = y.index_select(0, index);
                if (device.type == DeviceType.CUDA) cuda.synchronize();
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
            return best;
        }
        finally
        {
            set_num_threads(previousThreads);
        }
    }

    /// <summary>"64-32:256,512-512:4096": hidden layers and batch size of each network.</summary>
    private static Network[] Parse(string list) => list.Split(',').Select(item =>
    {
        var (hidden, batch) = (item.Split(':')[0], item.Split(':')[1]);
        return new Network(hidden.Split('-').Select(int.Parse).ToArray(), int.Parse(batch));
    }).ToArray();

    /// <summary>Samples/s of each warm epoch (the trainer's own per-epoch timing), and of the whole Train call over its wall time.</summary>
    private static (double[] Warm, double Wall) TrainerRun(
        TrainingData data, AlgorithmSpec algorithm, int batchSize, int warmEpochs, int threads, Device device)
    {
        var options = new TrainingOptions(
            algorithm,
            new HyperparametersSpec { Epochs = warmEpochs + 1, BatchSize = batchSize, LearningRate = 0.001, Seed = 42, Threads = threads },
            Device: device.ToString());
        var clock = Stopwatch.StartNew();
        var result = new Trainer(options).Train(data);
        var wall = (double)data.Rows * (warmEpochs + 1) / clock.Elapsed.TotalSeconds;
        result.Network.Dispose();
        return (result.History.Skip(1).Select(h => h.SamplesPerSecond).ToArray(), wall);
    }

    /// <summary>The least a TorchSharp training loop can do: batches prebuilt on the device, no shuffle, no checks. Samples/s of each warm epoch.</summary>
    private static double[] BareLoop(TrainingData data, AlgorithmSpec algorithm, int batchSize, int warmEpochs, int threads, Device device)
    {
        var previousThreads = get_num_threads();
        set_num_threads(threads);
        try
        {
            using var net = NetworkFactory.Create(algorithm, Width, 1, 42);
            net.to(device);
            using var x = tensor(data.Features.Dense, [data.Rows, Width], ScalarType.Float32, device);
            using var y = tensor(data.Targets!, [data.Rows, 1], ScalarType.Float32, device);
            var batches = new List<(Tensor X, Tensor Y)>();
            for (var s = 0; s < data.Rows; s += batchSize)
            {
                var n = Math.Min(batchSize, data.Rows - s);
                batches.Add((x.narrow(0, s, n), y.narrow(0, s, n)));
            }
            using var optimizer = optim.Adam(net.parameters(), lr: 0.001);

            var warm = new double[warmEpochs];
            for (var epoch = 0; epoch <= warmEpochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                foreach (var (bx, by) in batches)
                {
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    var loss = nn.functional.binary_cross_entropy_with_logits(net.forward(bx), by);
                    loss.backward();
                    optimizer.step();
                }
                if (device.type == DeviceType.CUDA) cuda.synchronize();
                if (epoch > 0) warm[epoch - 1] = data.Rows / clock.Elapsed.TotalSeconds;
            }
            foreach (var (bx, by) in batches)
            {
                bx.Dispose();
                by.Dispose();
            }
            return warm;
        }
        finally
        {
            set_num_threads(previousThreads);
        }
    }

    /// <summary>
    /// Standard normal features; y = 1 when 1.5·x0 − x1 + 0.5·x2·x3 + 0.3·noise &gt; 0.2 (about 45 % positive).
    /// The same generator as the training tests' Synthetic.Binary.
    /// </summary>
    private static TrainingData SyntheticBinary(int rows, int width, ulong seed)
    {
        var random = new SplitMix64(seed);
        var x = new float[rows * width];
        for (var i = 0; i < x.Length; i++) x[i] = Normal(random);
        var noise = new SplitMix64(seed ^ 0xB1B1);
        var y = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * width, width);
            y[r] = 1.5f * row[0] - row[1] + 0.5f * row[2] * row[3] + 0.3f * Normal(noise) > 0.2f ? 1f : 0f;
        }
        return TrainingData.Binary(x, width, y);
    }

    internal static float Normal(SplitMix64 random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
    }
}
