using System.Globalization;
using GitOpsMl.ControlPlane.Benchmarks;

// Control-plane benchmark (issue 9, section "Benchmark"). See ../README.md for what each part measures.
//   --only overhead,store,up,drift   parts to run (default: all)
//   --sets N                         Dataset+FeatureSet+Model sets for the overhead runs (default 1000)
//   --memory-objects N               objects in the store for the memory run (default 10000)
//   --bundle DIR                     reuse a churn bundle instead of training one with `gitopsml train`
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var only = Arg("--only", "overhead,store,up,drift").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
var sets = int.Parse(Arg("--sets", "1000"), CultureInfo.InvariantCulture);
var memoryObjects = int.Parse(Arg("--memory-objects", "10000"), CultureInfo.InvariantCulture);

Report.Machine();
using var workspace = new ChurnWorkspace();

if (only.Contains("store"))
    Report.Store(await StoreThroughputBenchmark.RunAsync(workspace, pairs: 2000));

if (only.Contains("overhead"))
{
    var bundle = Arg("--bundle", "");
    if (bundle.Length == 0)
    {
        bundle = Path.Combine(workspace.Root, "bundle");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await CliProcess.RunAsync(workspace.Root, TimeSpan.FromMinutes(5), "train", workspace.Manifests, "--job", "churn", "--out", bundle);
        Console.Error.WriteLine($"trained the churn bundle once in {clock.Elapsed.TotalSeconds:0.0} s (every stub run reuses it)");
    }
    var bench = new OverheadBenchmark(workspace, bundle);
    var runs = new List<ReadyRun>
    {
        // The memory run goes first, so its "empty" figure is a fresh process's.
        await bench.RunAsync("memory", (memoryObjects + 2) / 3, withTrainingJobs: false, TimeSpan.FromMinutes(3)),
        await bench.RunAsync("dfsm", sets, withTrainingJobs: false, TimeSpan.FromMinutes(2)),
        await bench.RunAsync("dfsmtj", sets, withTrainingJobs: true, TimeSpan.FromMinutes(3)),
    };
    Report.Overhead(runs);
}

if (only.Contains("up"))
    Report.Up(await UpBenchmark.RunAsync(TimeSpan.FromMinutes(4)));

if (only.Contains("drift"))
    Report.Drift(await DriftRollbackBenchmark.RunAsync(TimeSpan.FromMinutes(4)));
