using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Data.Remote;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Reconcilers;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Local.Execution;
using GitOpsMl.Local.Observation;
using GitOpsMl.Local.Sources;
using GitOpsMl.Local.Store;

namespace GitOpsMl.Local.Hosting;

/// <summary>
/// The control plane of `gitopsml up` and `gitopsml operator`: the controller manager with one
/// reconciler per kind and the watches that connect them, the process executors, and the data file
/// watcher, over the store the options give (a cluster's API server) or the embedded SQLite store.
/// This is the one wiring of reconcilers and watches; backends differ only in the store.
/// </summary>
public sealed class LocalControlPlane : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly ITrainingExecutor _training;
    private readonly IServingExecutor _serving;
    private readonly DataFileWatcher _files;

    public LocalControlPlane(LocalControlPlaneOptions options)
    {
        Options = options;
        Directory.CreateDirectory(options.StateDirectory);
        // synchronous=NORMAL in WAL mode: a killed control plane loses nothing committed (the crash the
        // embedded mode must survive); only a power cut may lose the last transactions. FULL is ~10x slower.
        EmbeddedStore = options.Store is null ? new SqliteObjectStore(options.Database, options.Time, new SqliteStoreOptions { SynchronousFull = false }) : null;
        Store = options.Store ?? EmbeddedStore!;
        Manager = new ControllerManager(Store, options.Time, options.Metrics, options.Log);
        var execution = new LocalExecutionOptions(options.StateDirectory, options.Command) { Time = options.Time };
        execution = options.Execution?.Invoke(execution) ?? execution;
        _training = options.TrainingExecutor?.Invoke(execution) ?? new ProcessTrainingExecutor(execution);
        _serving = options.ServingExecutor?.Invoke(execution) ?? new ProcessServingExecutor(execution);
        var bundles = options.BundleInspector ?? new LocalBundleInspector();
        var observer = options.ServingObserver ?? new HttpServingObserver(_http);
        var events = Manager.Events;
        var time = options.Time;
        var workers = new ControllerOptions { Workers = options.WorkersPerKind };
        var roots = new DataRootResolver(options.DataRoot);

        var datasets = Manager.Register(new DatasetReconciler(options.DatasetProbe ?? new LocalDatasetProbe(new DatasetFileResolver(new UrlDataCache(DataCacheLocation.For(options.StateDirectory)))), roots, time), workers);
        Manager.Register(new FeatureSetReconciler(Store, time), workers);
        Manager.Register(new TrainingJobReconciler(Store, _training, new ModelVersionRegistrar(Store, Manager.Cache, bundles), roots, events, time), workers);
        Manager.Register(new ModelReconciler(Store, Manager.Cache, new LocalArtifactStore(execution.Artifacts), Manager.StatusWriter, events, time), workers);
        Manager.Register(new DeploymentReconciler(Store, Manager.Cache, _serving, observer, new FrontPorts(options.FirstFrontPort), events, time), workers);
        Manager.Register(new MonitorReconciler(Store, Manager.Cache, _serving, observer, bundles, events, time), workers);
        // A GitSource change enqueues it at once (its own kind); each sync requeues itself at spec.interval.
        Manager.Register(new GitSourceReconciler(Store, options.GitCheckout ?? new LibGit2Checkout(options.StateDirectory),
            options.SecretReader ?? new FolderSecretReader(options.SecretsDirectory), events, time), workers);

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
        _files = new DataFileWatcher(cache, datasets, roots, time, options.DataFilePoll);
    }

    public LocalControlPlaneOptions Options { get; }
    public IObjectStore Store { get; }

    /// <summary>The SQLite store the plane opened and owns (`up`); null when the options gave the store.</summary>
    public SqliteObjectStore? EmbeddedStore { get; }
    public ControllerManager Manager { get; }

    /// <summary>Runs until cancelled; the executors' children are stopped on dispose.</summary>
    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(Manager.RunAsync(ct), _files.RunAsync(ct));

    public async ValueTask DisposeAsync()
    {
        if (_serving is IAsyncDisposable s) await s.DisposeAsync();
        if (_training is IAsyncDisposable t) await t.DisposeAsync();
        Manager.Dispose();
        EmbeddedStore?.Dispose();
        _http.Dispose();
    }
}
