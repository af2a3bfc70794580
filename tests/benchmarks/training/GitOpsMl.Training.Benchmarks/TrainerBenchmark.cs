using System.Diagnostics;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Splitting;
using TorchSharp;
using static TorchSharp.torch;

namespace GitOpsMl.Training.Benchmarks;

/// <summary>
/// Trainer samples/s against the least a TorchSharp training loop can do: the same network (NetworkFactory, same
/// seed), Adam lr 0.001, BCE-with-logits, thread count and device, over batches prebuilt on the device (no shuffle,
/// no checks, no progress). The two alternate, best run of each kept, so a burst of other load does not decide the
/// ratio. Samples/s count warm epochs only (epoch 1 of each run warms up the allocator and kernels).
/// </summary>
static class TrainerBenchmark
{
    const int Width = 30;
    const double Goal = 0.8;

    sealed record Network(int[] Hidden, int BatchSize)
    {
        public override string ToString() => $"{Width}-{string.Join("-", Hidden)}-1";
    }

    public static void Run(BenchmarkOptions options, Device device)
    {
        var rows = 200_000;
        var (rounds, warmEpochs) = options.Quick ? (1, 1) : (2, 3);
        Network[] networks = options.Quick
            ? [new([64, 32], 256), new([512, 512], 4096)]
            : [new([64, 32], 256), new([64, 32], 4096), new([512, 512], 4096)];
        Console.WriteLine();
        Console.WriteLine($"1. Trainer vs bare TorchSharp loop: {Format.N0(rows)} × {Width} synthetic binary table, MLP (ReLU), Adam lr 0.001, " +
                          $"seed 42, {options.Threads} threads, {device}; {warmEpochs} warm epoch(s) + 1 warm-up, best of {rounds} alternating round(s)");

        var data = SyntheticBinary(rows, Width, seed: 99);
        var table = new TextTable("network", "batch", "bare samples/s", "trainer samples/s", "ratio", "goal", "trainer wall samples/s");
        foreach (var network in networks)
        {
            var algorithm = new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [.. network.Hidden] } };
            double bare = 0, trainer = 0, wall = 0;
            for (var round = 0; round < rounds; round++)
            {
                var b = BareLoop(data, algorithm, network.BatchSize, warmEpochs, options.Threads, device);
                var (t, w, epochs) = TrainerRun(data, algorithm, network.BatchSize, warmEpochs, options.Threads, device);
                Console.Error.WriteLine($"bare again {BareLoop(data, algorithm, network.BatchSize, warmEpochs, options.Threads, device)}  threads {get_num_threads()}");
                (bare, trainer, wall) = (Math.Max(bare, b), Math.Max(trainer, t), Math.Max(wall, w));
                Console.Error.WriteLine($"  {network} batch {network.BatchSize} round {round + 1}: bare {Format.N0(b)}, trainer {Format.N0(t)} samples/s " +
                                        $"(trainer epochs {string.Join(", ", epochs.Select(Format.N0))})");
            }
            table.Add(network.ToString(), network.BatchSize.ToString(), Format.N0(bare), Format.N0(trainer), Format.Ratio(trainer / bare),
                trainer >= Goal * bare ? "ok" : "MISSED", Format.N0(wall));
        }
        table.Print();
        Console.WriteLine($"  ratio = trainer / bare (goal ≥ {Goal}); trainer wall = all epochs incl. warm-up, setup and upload, over wall time.");
    }

    /// <summary>Warm-epoch samples/s (from the trainer's own per-epoch timing), and wall samples/s of the whole Train call.</summary>
    static (double Warm, double Wall, double[] Epochs) TrainerRun(
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
        var warm = result.History.Skip(1).ToList();
        var seconds = warm.Sum(h => data.Rows / h.SamplesPerSecond);
        return ((double)data.Rows * warm.Count / seconds, wall, result.History.Select(h => h.SamplesPerSecond).ToArray());
    }

    /// <summary>The least a TorchSharp training loop can do: batches prebuilt on the device, no shuffle, no checks.</summary>
    static double BareLoop(TrainingData data, AlgorithmSpec algorithm, int batchSize, int warmEpochs, int threads, Device device)
    {
        var previousThreads = get_num_threads();
        set_num_threads(threads);
        try
        {
            using var net = NetworkFactory.Create(algorithm, Width, 1, 42);
            net.to(device);
            using var x = tensor(data.Features, [data.Rows, Width], ScalarType.Float32, device);
            using var y = tensor(data.Targets!, [data.Rows, 1], ScalarType.Float32, device);
            var batches = new List<(Tensor X, Tensor Y)>();
            for (var s = 0; s < data.Rows; s += batchSize)
            {
                var n = Math.Min(batchSize, data.Rows - s);
                batches.Add((x.narrow(0, s, n), y.narrow(0, s, n)));
            }
            using var optimizer = optim.Adam(net.parameters(), lr: 0.001);

            double seconds = 0;
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
                if (epoch > 0) seconds += clock.Elapsed.TotalSeconds;
                Console.Error.WriteLine($"   bare epoch {epoch} {clock.Elapsed.TotalSeconds:F2}s threads {get_num_threads()}");
            }
            foreach (var (bx, by) in batches)
            {
                bx.Dispose();
                by.Dispose();
            }
            return (double)data.Rows * warmEpochs / seconds;
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
    static TrainingData SyntheticBinary(int rows, int width, ulong seed)
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
