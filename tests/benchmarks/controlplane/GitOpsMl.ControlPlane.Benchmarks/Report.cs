using System.Runtime.InteropServices;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>Markdown tables on stdout (pasted into the README as they are); each figure next to its goal or its same-run baseline.</summary>
public static class Report
{
    public static void Machine()
    {
#if DEBUG
        const string build = "Debug";
#else
        const string build = "Release";
#endif
        Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {build} build; load average at start {LoadAverage()}");
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static void Store(IReadOnlyList<ThroughputRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine("**Store write throughput** (create + status update pairs, synchronous=NORMAL, WAL)");
        Console.WriteLine();
        Console.WriteLine("| writer | pairs | pairs/s | store ÷ this |");
        Console.WriteLine("|---|---:|---:|---:|");
        var store = rows[0].PairsPerSecond;
        foreach (var r in rows) Console.WriteLine($"| {r.Name} | {r.Pairs:N0} | {r.PairsPerSecond:N0} | {store / r.PairsPerSecond:0.00} |");
        Console.WriteLine($"(load average after: {LoadAverage()})");
    }

    public static void Overhead(IReadOnlyList<ReadyRun> runs)
    {
        Console.WriteLine();
        Console.WriteLine("**Control plane without training** (test-double executors; time from the first write to every object Ready)");
        Console.WriteLine();
        Console.WriteLine("| run | objects | Ready | ModelVersions | apply s | all Ready s | reconciles | p50 ms | p99 ms | failed reconciles |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            var all = r.Latency[0];
            Console.WriteLine($"| {r.Label} | {r.Objects:N0} | {r.ReadyObjects:N0}{(r.TimedOut ? " (timed out)" : "")} | {r.ModelVersions:N0} | {r.ApplySeconds:0.00} | {r.ReadySeconds:0.00} | {all.Reconciles:N0} | {all.P50Ms:0.0} | {all.P99Ms:0.0} | {r.ReconcileErrors} |");
        }
        Console.WriteLine();
        Console.WriteLine("| run | kind | reconciles | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var r in runs)
        {
            foreach (var l in r.Latency.Skip(1))
                Console.WriteLine($"| {r.Label} | {l.Kind} | {l.Reconciles:N0} | {l.P50Ms:0.0} | {l.P99Ms:0.0} |");
        }

        Console.WriteLine();
        Console.WriteLine("| run | objects in store and cache | RSS MB (empty → full) | GC heap MB (empty → full) | heap KB per object |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            var stored = r.Objects + r.ModelVersions;
            Console.WriteLine($"| {r.Label} | {stored:N0} | {r.Empty.RssMb:0} → {r.Full.RssMb:0} | {r.Empty.GcHeapMb:0.0} → {r.Full.GcHeapMb:0.0} | {(r.Full.GcHeapMb - r.Empty.GcHeapMb) * 1024 / stored:0.0} |");
        }
        Console.WriteLine($"(load average after: {LoadAverage()})");
    }

    public static void Up(UpRun run)
    {
        Console.WriteLine();
        Console.WriteLine("**`gitopsml up examples/churn` to the first prediction** (real executors; goal < 60 s)");
        Console.WriteLine();
        Console.WriteLine("| milestone | s since start |");
        Console.WriteLine("|---|---:|");
        foreach (var (m, s) in run.Milestones) Console.WriteLine($"| {m} | {s:0.0} |");
        Console.WriteLine($"(load average after: {LoadAverage()})");
    }

    public static void Drift(DriftRun run)
    {
        Console.WriteLine();
        Console.WriteLine($"**Drift breach to traffic back on stable** (Monitor interval {run.IntervalSeconds:0} s, minSamples {run.MinSamples}; goal ≤ {run.Goal:0} s)");
        Console.WriteLine();
        Console.WriteLine("| moment | s since shifted traffic began |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| judged version's shifted answers reach minSamples (t0) | {run.MinSamplesReached:0.00} |");
        Console.WriteLine($"| Monitor status shows Drifting=True (polled every 20 ms) | {run.DriftingVisible:0.00} |");
        Console.WriteLine($"| Deployment status shows RolledBack | {run.RolledBackVisible:0.00} |");
        Console.WriteLine($"| last answer from the canary (t1) | {run.LastCanaryAnswer:0.00} |");
        Console.WriteLine();
        Console.WriteLine($"Breach to stable (t1 − t0): **{run.BreachToStable:0.00} s**; Drifting visible → last canary answer: {run.LastCanaryAnswer - run.DriftingVisible:0.00} s; " +
            $"{run.Requests:N0} shifted requests (after {run.UnshiftedProbes} unshifted ones until the canary first answered), {run.CanaryAnswersAfterRollbackStatus} canary answers after the RolledBack status was visible. (load average after: {LoadAverage()})");
    }
}
