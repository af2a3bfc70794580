using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Controllers.Reconcilers;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Local.Execution;
using GitOpsMl.Local.Observation;
using GitOpsMl.Local.Store;

namespace GitOpsMl.Local.Hosting;

/// <summary>
/// The embedded control plane: the SQLite store, the controller manager with one reconciler per kind
/// and the watches that connect them, the process executors, and the data file watcher. The same
/// reconcilers run against the cluster backend; only the store and executors differ.
/// </summary>
public sealed class LocalControlPlane : IAsyncDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly ITrainingExecutor training;
    private readonly IServingExecutor serving;
    private readonly DataFileWatcher files;

    public LocalControlPlane(LocalControlPlaneOptions options)
    {
        Options = options;
        Directory.CreateDirectory(options.StateDirectory);
        // synchronous=NORMAL in WAL mode: a killed control plane loses nothing committed (the crash the
        // embedded mode must survive); only a power cut may lose the last transactions. FULL is ~10x slower.
        Store = new SqliteObjectStore(options.Database, options.Time, new SqliteStoreOptions { SynchronousFull = false });
        Manager = new ControllerManager(Store, options.Time, options.Metrics, options.Log);
        var execution = new LocalExecutionOptions(options.StateDirectory, options.Command) { Time = options.Time };
        execution = options.Execution?.Invoke(execution) ?? execution;
        training = options.TrainingExecutor?.Invoke(execution) ?? new ProcessTrainingExecutor(execution);
        serving = options.ServingExecutor?.Invoke(execution) ?? new ProcessServingExecutor(execution);
        var bundles = options.BundleInspector ?? new LocalBundleInspector();
        var observer = options.ServingObserver ?? new HttpServingObserver(http);
        var events = Manager.Events;
        var time = options.Time;
        var workers = new ControllerOptions { Workers = options.WorkersPerKind };

        var datasets = Manager.Register(new DatasetReconciler(options.DatasetProbe ?? new LocalDatasetProbe(), time), workers);
        Manager.Register(new FeatureSetReconciler(Store, time), workers);
        Manager.Register(new TrainingJobReconciler(Store, training, new ModelVersionRegistrar(Store, bundles), events, time), workers);
        Manager.Register(new ModelReconciler(Store, Manager.Cache, new LocalArtifactStore(execution.Artifacts), Manager.StatusWriter, events, time), workers);
        Manager.Register(new DeploymentReconciler(Store, Manager.Cache, serving, observer, new FrontPorts(options.FirstFrontPort), events, time), workers);
        Manager.Register(new MonitorReconciler(Store, Manager.Cache, serving, observer, bundles, events, time), workers);

        var cache = Manager.Cache;
        Manager.Watch("Dataset", "FeatureSet", d => ObjectReferences.Referrers(cache, "FeatureSet", d));
        Manager.Watch("FeatureSet", "TrainingJob", f => ObjectReferences.Referrers(cache, "TrainingJob", f));
        // New data changes the run key without changing the FeatureSet's status: the jobs reading it must hear of it directly.
        Manager.Watch("Dataset", "TrainingJob", d => ObjectReferences.Referrers(cache, "FeatureSet", d)
            .Select(cache.Get).OfType<CustomResource>().SelectMany(fs => ObjectReferences.Referrers(cache, "TrainingJob", fs)));
        Manager.Watch("Model", "TrainingJob", m => ObjectReferences.Referrers(cache, "TrainingJob", m));
        Manager.WatchOwned("ModelVersion", "Model");
        Manager.Watch("Model", "Deployment", m => ObjectReferences.Referrers(cache, "Deployment", m));
        Manager.Watch("Deployment", "Model", d => ObjectReferences.Targets(d, "Model"));
        Manager.Watch("Deployment", "Monitor", d => ObjectReferences.Referrers(cache, "Monitor", d));
        Manager.Watch("Monitor", "Deployment", m => ObjectReferences.Targets(m, "Deployment"));
        files = new DataFileWatcher(cache, datasets, time, options.DataFilePoll);
    }

    public LocalControlPlaneOptions Options { get; }
    public SqliteObjectStore Store { get; }
    public ControllerManager Manager { get; }

    /// <summary>Runs until cancelled; the executors' children are stopped on dispose.</summary>
    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(Manager.RunAsync(ct), files.RunAsync(ct));

    public async ValueTask DisposeAsync()
    {
        if (serving is IAsyncDisposable s) await s.DisposeAsync();
        if (training is IAsyncDisposable t) await t.DisposeAsync();
        Manager.Dispose();
        Store.Dispose();
        http.Dispose();
    }
}
