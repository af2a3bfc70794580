using System.Collections.Concurrent;
using System.Diagnostics;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Local.Execution;
using GitOpsMl.Local.Hosting;
using GitOpsMl.Local.Observation;
using Prometheus;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>
/// The embedded control plane exactly as `gitopsml up` builds it (SQLite store, informers, every
/// reconciler, the watches, the data file watcher, the real dataset probe on the example's CSV), with
/// the training and serving executors replaced by test doubles. Objects are written the way
/// `gitopsml apply` writes them (read, then create), and the clock runs from the first write to the
/// moment the informer cache has seen every object Ready.
/// </summary>
public sealed class OverheadBenchmark(ChurnWorkspace workspace, string bundlePath)
{
    private static readonly string[] Kinds = ["Dataset", "FeatureSet", "Model", "TrainingJob", "ModelVersion", "Deployment"];

    public async Task<ReadyRun> RunAsync(string label, int sets, bool withTrainingJobs, TimeSpan timeout)
    {
        var registry = Metrics.NewCustomRegistry();
        var errors = new ConcurrentQueue<string>();
        var options = new LocalControlPlaneOptions(Path.Combine(workspace.Root, $"state-{label}"), new GitOpsMlCommand("unused-no-process-is-started", []))
        {
            Metrics = registry,
            Log = line => errors.Enqueue(line),
            TrainingExecutor = _ => new InstantTrainingExecutor(bundlePath, TimeProvider.System),
            ServingExecutor = _ => new ReadyServingExecutor(),
            ServingObserver = new QuietServingObserver(),
            DatasetProbe = new LocalDatasetProbe(new GitOpsMl.Controllers.Manifests.DatasetFileResolver(new GitOpsMl.Data.Remote.UrlDataCache(Path.Combine(workspace.Root, "cache")))),
        };
        var objects = new ChurnObjects(workspace);
        var wanted = Enumerable.Range(0, sets).SelectMany(i => objects.Set(i, withTrainingJobs)).ToList();

        await using var plane = new LocalControlPlane(options);
        var ready = new ConcurrentDictionary<ObjectKey, byte>();
        var allReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        foreach (var kind in new[] { "Dataset", "FeatureSet", "Model", "TrainingJob" })
        {
            plane.Manager.InformerFor(kind).AddHandler(change =>
            {
                if (!Readiness.IsReady(change.Object)) return;
                if (ready.TryAdd(ObjectKey.Of(change.Object), 0) && ready.Count == wanted.Count) allReady.TrySetResult();
            });
        }

        using var stop = new CancellationTokenSource();
        var running = plane.RunAsync(stop.Token);
        await plane.Manager.WaitForCacheSyncAsync(stop.Token);
        var empty = MemorySample.Take();

        clock.Start();
        foreach (var resource in wanted)
        {
            // `gitopsml apply`'s path for a new object (ManifestApplier.ApplyOneAsync): read, then create.
            if (await plane.Store.GetAsync(ObjectKey.Of(resource)) is null) await plane.Store.CreateAsync(resource);
        }
        var applied = clock.Elapsed.TotalSeconds;
        var finished = await Task.WhenAny(allReady.Task, Task.Delay(timeout)) == allReady.Task;
        var readySeconds = clock.Elapsed.TotalSeconds;
        var latency = await LatencyAsync(registry);
        var full = MemorySample.Take();
        // Counted in the store (the cache may not have seen the last version yet); the time is what one store list of
        // every ModelVersion costs, which reconcilers no longer pay per call (they read the informer cache).
        var listClock = Stopwatch.StartNew();
        var versions = (await plane.Store.ListAsync("ModelVersion", ObjectKey.NamespaceOf(null))).Items.Count;
        var listMs = listClock.Elapsed.TotalMilliseconds;
        if (!finished) Describe(plane, label);
        var failures = errors.Where(e => e.Contains("failed", StringComparison.Ordinal)).ToList();
        foreach (var e in failures.Take(5)) Console.Error.WriteLine($"  [{label}] {e}");
        Console.Error.WriteLine($"  [{label}] {errors.Count} log lines, {failures.Count} failures; listing {versions} ModelVersions from the store took {listMs:0.0} ms");

        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
        return new ReadyRun(label, wanted.Count, ready.Count, versions, applied, readySeconds, !finished, latency, empty, full, failures.Count);
    }

    /// <summary>p50/p99 from gitopsml_reconcile_duration_seconds (PromQL histogram_quantile over its buckets), overall and per kind.</summary>
    private static async Task<IReadOnlyList<LatencySummary>> LatencyAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var samples = PrometheusTextParser.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        var buckets = samples.Where(s => s.Name == "gitopsml_reconcile_duration_seconds_bucket").ToList();
        LatencySummary Summarise(string kind, IEnumerable<PrometheusSample> of)
        {
            var cumulative = of.GroupBy(s => s.Label("le"))
                .Select(g => (UpperBound: g.Key == "+Inf" ? double.PositiveInfinity : double.Parse(g.Key, System.Globalization.CultureInfo.InvariantCulture), Count: g.Sum(s => s.Value)))
                .ToList();
            var total = cumulative.Count == 0 ? 0 : cumulative.Max(b => b.Count);
            return new LatencySummary(kind, total, HistogramQuantile.Of(0.5, cumulative) * 1000, HistogramQuantile.Of(0.99, cumulative) * 1000);
        }
        var result = new List<LatencySummary> { Summarise("all", buckets) };
        result.AddRange(buckets.GroupBy(s => s.Label("kind")).Where(g => g.Max(s => s.Value) > 0).OrderBy(g => g.Key).Select(g => Summarise(g.Key, g)));
        return result;
    }

    /// <summary>On a timeout: what the objects that never became Ready say.</summary>
    private static void Describe(LocalControlPlane plane, string label)
    {
        foreach (var kind in Kinds)
        {
            var notReady = plane.Manager.Cache.List(kind).Where(o => !Readiness.IsReady(o)).ToList();
            if (notReady.Count == 0) continue;
            Console.Error.WriteLine($"  [{label}] {notReady.Count} {kind} not Ready, e.g. {ObjectKey.Of(notReady[0])}: {Readiness.Describe(notReady[0])}");
        }
    }
}
