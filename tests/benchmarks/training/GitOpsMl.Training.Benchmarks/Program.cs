using System.Diagnostics;
using System.Runtime.InteropServices;
using GitOpsMl.Training;
using GitOpsMl.Training.Benchmarks;

// Training-runtime benchmarks (issue 3, "Benchmark"): every figure is printed beside a baseline measured in
// the same process and run, as a ratio. See ../README.md for what each one means and the results.
//
//   dotnet run -c Release --project tests/benchmarks/training/GitOpsMl.Training.Benchmarks -- [--quick] [--profile]
//       [--only trainer,data,onnx,wide] [--rows N] [--device cpu|cuda|auto] [--threads N] [--libtorch DIR] [--networks 64-32:256,512-512:4096]

var options = BenchmarkOptions.Parse(args);
if (options is null) return 2;

#if DEBUG
Console.WriteLine("WARNING: Debug build; run with -c Release for meaningful numbers.");
#endif
TorchRuntime.Initialize(options.LibTorch);
var device = TorchRuntime.ResolveDevice(options.Device);
var torch = TorchRuntime.Describe(device);
Console.WriteLine($"GitOpsMl training benchmarks ({(options.Quick ? "quick" : "full")} mode)");
Console.WriteLine($"  machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
Console.WriteLine($"  {torch}; ONNX Runtime {typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version}; " +
                  $"torch threads {options.Threads}; load average {Format.LoadAverage()}");

var total = Stopwatch.StartNew();
if (options.Runs("trainer")) TrainerBenchmark.Run(options, device);
if (options.Runs("data")) DataBenchmark.Run(options);
if (options.Runs("onnx")) OnnxBenchmark.Run(options);
if (options.Runs("wide")) WideCategoricalBenchmark.Run(options, options.WideRows ?? (options.Quick ? 300_000 : 3_000_000));
Console.WriteLine();
Console.WriteLine($"done in {total.Elapsed.TotalSeconds:F0} s; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB; " +
                  $"load average now {Format.LoadAverage()} (other processes on the machine slow single runs: compare best-of figures, rerun when it is quiet)");
return 0;

namespace GitOpsMl.Training.Benchmarks
{
    /// <summary>Command-line options shared by the three measurements.</summary>
    internal sealed record BenchmarkOptions(bool Quick, string Device, int Threads, string? LibTorch, IReadOnlySet<string> Only, string? Networks, bool Profile = false, int? WideRows = null)
    {
        private static readonly string[] All = ["trainer", "data", "onnx", "wide"];

        public bool Runs(string part) => Only.Contains(part);

        public static BenchmarkOptions? Parse(string[] args)
        {
            var (quick, device, threads, libtorch, only, networks, profile) = (false, "cpu", Environment.ProcessorCount, (string?)null, All.ToHashSet(), (string?)null, false);
            int? wideRows = null;
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                try
                {
                    switch (args[i])
                    {
                        case "--quick": quick = true; break;
                        case "--profile": profile = true; break;
                        case "--device": device = Next(); break;
                        case "--threads": threads = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                        case "--libtorch": libtorch = Next(); break;
                        case "--networks": networks = Next(); break;
                        case "--rows": wideRows = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                        case "--only":
                            only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
                            if (only.Except(All).FirstOrDefault() is { } bad) throw new ArgumentException($"unknown part '{bad}' (expected {string.Join(", ", All)})");
                            break;
                        default: throw new ArgumentException($"unknown argument '{args[i]}'");
                    }
                }
                catch (Exception e) when (e is ArgumentException or FormatException)
                {
                    Console.Error.WriteLine($"benchmarks: {e.Message}");
                    Console.Error.WriteLine("usage: [--quick] [--profile] [--only trainer,data,onnx,wide] [--rows N] [--device cpu|cuda|auto] [--threads N] [--libtorch DIR] [--networks 64-32:256,512-512:4096]");
                    return null;
                }
            }
            return new BenchmarkOptions(quick, device, threads, libtorch, only, networks, profile, wideRows);
        }
    }
}
