using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitOpsMl.Api.Validation;
using GitOpsMl.Training.Pipeline;

namespace GitOpsMl.Training.Benchmarks;

/// <summary>
/// Part 5 (issue 10 item 2): memory and end-to-end speed when one-hot encoding makes the network input wide. A
/// flights-like CSV of N rows (default 3,000,000; seed 7): two airport columns of 220 values each (skewed, as
/// airports are), three numerics and a bool label. <c>TrainingRun.Execute</c> runs the whole job — read, validate,
/// split, fit, encode, train (MLP 64-32, one epoch) and the linear baseline, evaluate, export, ONNX parity on the
/// test rows, bundle — and the figures are peak RSS during that call (sampled every 2 ms) and rows/s = N / wall.
/// Encoded width is 220 + 220 + 3 = 443 columns. Goal: peak RSS under 2 GB at 3M rows, rows/s ≥ 37k.
/// Run it alone (<c>--only wide</c>) so nothing earlier in the process shares the heap.
/// </summary>
internal static class WideCategoricalBenchmark
{
    private const int Airports = 220;
    private const long PeakRssGoal = 2L * 1024 * 1024 * 1024;
    private const double RowsPerSecondGoal = 37_000;

    public static void Run(BenchmarkOptions options, int rows)
    {
        Console.WriteLine();
        Console.WriteLine($"## 5. Wide categoricals end to end: {Format.N0(rows)} rows, two {Airports}-value categoricals one-hot + three numerics (width {2 * Airports + 3})");
        var folder = Directory.CreateTempSubdirectory("gitopsml-bench-wide-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            var dataPath = Path.Combine(folder, "flights.csv");
            WriteCsv(dataPath, rows, seed: 7);
            Console.WriteLine($"  generated {dataPath} ({Format.Mb(new FileInfo(dataPath).Length)} MB) in {clock.Elapsed.TotalSeconds:F1} s");

            var report = ManifestValidator.Validate([new ManifestFile(Path.Combine(folder, "flights.yaml"), Encoding.UTF8.GetBytes(Manifests(options.Threads)))]);
            if (!report.IsValid)
                throw new InvalidOperationException("the benchmark's manifests are invalid: " + string.Join("; ", report.Diagnostics.Select(d => d.ToString())));
            var inputs = TrainingInputs.Resolve(report.Objects.Select(o => o.Resource), "flights");

            TrainingRun.Result run;
            using (var probe = MemoryProbe.Start())
            {
                // The process's own floor (runtime, libtorch, ONNX Runtime loaded), so growth with rows can be told apart.
                var before = MemoryProbe.Rss();
                run = TrainingRun.Execute(new TrainingRunRequest(inputs, dataPath, Path.Combine(folder, "bundle"), Device: options.Device));
                probe.Dispose();
                var rowsPerSecond = rows / probe.Elapsed.TotalSeconds;
                var table = new TextTable("rows", "width", "wall s", "rows/s", "goal rows/s", "RSS before MB", "peak RSS MB", "goal MB", "peak heap MB", "test auc");
                table.Add(Format.N0(rows), (2 * Airports + 3).ToString(CultureInfo.InvariantCulture), Format.F(probe.Elapsed.TotalSeconds, 1),
                    Format.N0(rowsPerSecond), Format.N0(RowsPerSecondGoal) + (rowsPerSecond >= RowsPerSecondGoal ? " met" : " NOT met"),
                    Format.Mb(before), Format.Mb(probe.PeakRss), Format.Mb(PeakRssGoal) + (probe.PeakRss < PeakRssGoal ? " met" : " NOT met"),
                    Format.Mb(probe.PeakHeap), Format.F(run.Metrics.Test["auc"], 3));
                table.Print();
                Console.WriteLine($"  peak RSS above the floor per million rows: {Format.Mb((long)((probe.PeakRss - before) / (rows / 1e6)))} MB " +
                                  $"(process peak working set so far {Format.Mb(Process.GetCurrentProcess().PeakWorkingSet64)} MB)");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Streams the CSV to disk, so generating it does not count against the run's memory.</summary>
    private static void WriteCsv(string path, int rows, int seed)
    {
        var rng = new Random(seed);
        // Skewed airport popularity: weight 1/(rank+1), as a few hubs carry most flights.
        var weights = Enumerable.Range(0, Airports).Select(i => 1.0 / (i + 1)).ToArray();
        var cumulative = new double[Airports];
        var sum = 0.0;
        for (var i = 0; i < Airports; i++) cumulative[i] = sum += weights[i] / weights.Sum();
        int Airport()
        {
            var at = Array.BinarySearch(cumulative, rng.NextDouble());
            return Math.Min(Airports - 1, at < 0 ? ~at : at);
        }
        var delayOf = Enumerable.Range(0, Airports).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        writer.Write("origin,dest,dep_hour,distance,taxi_out,delayed\n");
        for (var r = 0; r < rows; r++)
        {
            var origin = Airport();
            var dest = Airport();
            var hour = rng.Next(5, 24);
            var distance = 100 + rng.NextDouble() * 2400;
            var taxi = 5 + rng.NextDouble() * 30;
            var score = delayOf[origin] + 0.5 * delayOf[dest] + 0.08 * (hour - 14) + 0.03 * (taxi - 15) + rng.NextDouble() * 2 - 1;
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"A{origin:D3},A{dest:D3},{hour},{distance:F1},{taxi:F1},{(score > 0.3 ? "true" : "false")}\n"));
        }
    }

    private static string Manifests(int threads) => $$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Dataset
        metadata: {name: flights}
        spec:
          source: {path: flights.csv}
          format: csv
          schema:
            - {name: origin, type: category, nullable: false}
            - {name: dest, type: category, nullable: false}
            - {name: dep_hour, type: int, min: 0, max: 23}
            - {name: distance, type: float, min: 0}
            - {name: taxi_out, type: float, min: 0}
            - {name: delayed, type: bool, role: label, nullable: false}
          split: {method: random, seed: 1, train: 0.8, validation: 0.1, test: 0.1}
        ---
        apiVersion: gitopsml.io/v1alpha1
        kind: FeatureSet
        metadata: {name: flights}
        spec:
          datasetRef: {name: flights}
          label: {column: delayed, task: binary, positiveClass: "true"}
          features:
            - {column: origin, transforms: [{type: oneHot, maxCategories: 250}]}
            - {column: dest, transforms: [{type: oneHot, maxCategories: 250}]}
            - {column: dep_hour, transforms: [{type: standardize}]}
            - {column: distance, transforms: [{type: standardize}]}
            - {column: taxi_out, transforms: [{type: standardize}]}
        ---
        apiVersion: gitopsml.io/v1alpha1
        kind: Model
        metadata: {name: flights}
        spec:
          description: Whether a flight departs late.
        ---
        apiVersion: gitopsml.io/v1alpha1
        kind: TrainingJob
        metadata: {name: flights}
        spec:
          featureSetRef: {name: flights}
          modelRef: {name: flights}
          algorithm:
            mlp: {hiddenLayers: [64, 32], activation: relu}
          hyperparameters: {epochs: 1, batchSize: 1024, learningRate: 0.001, optimizer: adam, seed: 42, threads: {{threads}}}
        """;
}
