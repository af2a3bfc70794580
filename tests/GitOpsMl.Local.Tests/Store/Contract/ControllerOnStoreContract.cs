using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Local.Tests.Store;
using Prometheus;
using WatchEventType = GitOpsMl.Controllers.Store.WatchEventType;

namespace GitOpsMl.Testing.Store;

/// <summary>
/// The controller runtime (informers, work queues, status writes, events, finalizers) on a real store,
/// written once: the SQLite store's tests and the real kube-apiserver's tests both derive from this class
/// (the file is linked into both test projects), with the same test reconcilers. A subclass supplies a
/// fresh store and its timing; what only one backend has stays in that backend's own tests.
/// </summary>
public abstract class ControllerOnStoreContract : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    protected IObjectStore Store { get; private set; } = null!;

    /// <summary>The namespace the fresh store's objects live in (and its lists and watches see).</summary>
    protected string Ns { get; private set; } = "";

    /// <summary>How long a condition may take to come true (the API server is a network hop and a watch away).</summary>
    protected abstract TimeSpan Patience { get; }

    /// <summary>How often a condition is polled (gently on the API server).</summary>
    protected abstract TimeSpan PollInterval { get; }

    /// <summary>How long to wait before concluding that nothing more happens (no second reconcile, no further write).</summary>
    protected abstract TimeSpan QuietPeriod { get; }

    /// <summary>An empty store, and the namespace to work in.</summary>
    protected abstract Task<(IObjectStore Store, string Ns)> NewStoreAsync();

    /// <summary>
    /// The store's latest revision where the backend can tell it exactly; null on the API server, whose
    /// revision moves with every write anywhere in the cluster (leases, events, other tests).
    /// </summary>
    protected abstract long? CurrentRevision();

    public async Task InitializeAsync() => (Store, Ns) = await NewStoreAsync();

    public async Task DisposeAsync()
    {
        // The runtime stops before the store goes.
        _stop.Cancel();
        _stop.Dispose();
        await DisposeStoreAsync();
    }

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    private ControllerManager Manager() => new(Store, TimeProvider.System, _registry);

    private Task Start(ControllerManager m) => Task.Run(() => m.RunAsync(_stop.Token));

    private async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(PollInterval);
        }
        Assert.Fail($"timed out waiting until {what}");
    }

    private ObjectKey Key(string kind, string name) => new(kind, Ns, name);

    private async Task<Condition?> ReadyOf(string kind, string name) =>
        ConditionList.Get((await Store.GetAsync(Key(kind, name)))?.GetStatus()?.Conditions, ConditionTypes.Ready);

    // Objects both backends accept: the CRDs' required fields filled.
    private Dataset Dataset(string name, string path = "data.csv") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = Ns },
        Spec = new DatasetSpec
        {
            Source = new DatasetSource { Path = path },
            Schema = [new ColumnSpec { Name = "tenure", Type = ColumnType.Float }],
        },
    };

    private FeatureSet FeatureSet(string name, string dataset) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = Ns },
        Spec = new FeatureSetSpec
        {
            DatasetRef = new LocalObjectReference { Name = dataset },
            Label = new LabelSpec { Column = "churned", Task = PredictionTask.Binary },
            Features = [new FeatureSpec { Column = "tenure" }],
        },
    };

    private Model Model(string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = Ns } };

    private ModelVersion ModelVersion(string name, OwnerReference owner) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = Ns, OwnerReferences = [owner] },
        Spec = new ModelVersionSpec
        {
            ModelRef = new LocalObjectReference { Name = "churn" },
            Version = 1,
            TrainingJobRef = new LocalObjectReference { Name = "churn" },
            Task = PredictionTask.Binary,
            Artifact = new ArtifactRef
            {
                Uri = "s3://models/churn/1/model.onnx",
                Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            },
        },
    };

    private Deployment Deployment(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = Ns },
        Spec = new DeploymentSpec { ModelRef = new LocalObjectReference { Name = "churn" } },
    };

    [ContractFact]
    public async Task A_succeeding_object_becomes_Ready_once_with_an_event_and_its_own_status_write_does_not_loop()
    {
        var reconciler = new TestReconciler("Dataset", (r, _) => Task.FromResult(TestReconciler.Result(r, new ReconcileOutcome.Succeeded())));
        using var m = Manager();
        m.Register(reconciler);
        await Store.CreateAsync(Dataset("churn"));
        _ = Start(m);
        var key = Key("Dataset", "churn");

        await Eventually(async () => (await ReadyOf("Dataset", "churn"))?.Status == ConditionStatus.True, "Dataset churn is Ready");
        var version = (await Store.GetAsync(key))!.Metadata.ResourceVersion;
        var revision = CurrentRevision();
        await Task.Delay(QuietPeriod);

        Assert.Equal(1, reconciler.Calls(key));
        var now = (await Store.GetAsync(key))!;
        Assert.Equal(version, now.Metadata.ResourceVersion);
        Assert.Equal(revision, CurrentRevision());
        Assert.Equal(1, now.Metadata.Generation);
        Assert.Equal(1, now.GetStatus()!.ObservedGeneration);
        // The event is written after the status; a loaded API server may take longer than the quiet period.
        await Eventually(async () => (await Store.ListEventsAsync(key)).Count >= 1, "the Ready event recorded");
        var e = Assert.Single(await Store.ListEventsAsync(key));
        Assert.Equal(ConditionReasons.Succeeded, e.Reason);
        Assert.Equal(1, m.Metrics.Reconciles.WithLabels("Dataset", "succeeded").Value);
    }

    [ContractFact]
    public async Task A_stalled_object_is_not_retried_until_its_spec_changes()
    {
        var reconciler = new TestReconciler("Dataset", (r, _) => Task.FromResult(TestReconciler.Result(r,
            ((Dataset)r).Spec.Source.Path == "missing.csv"
                ? new ReconcileOutcome.Stalled(ConditionReasons.SourceNotFound, "missing.csv does not exist")
                : new ReconcileOutcome.Succeeded())));
        using var m = Manager();
        m.Register(reconciler);
        await Store.CreateAsync(Dataset("churn", path: "missing.csv"));
        _ = Start(m);
        var key = Key("Dataset", "churn");

        await Eventually(async () => (await ReadyOf("Dataset", "churn"))?.Reason == ConditionReasons.SourceNotFound, "Dataset churn is stalled");
        await Task.Delay(QuietPeriod);
        Assert.Equal(1, reconciler.Calls(key));

        var stalled = (Dataset)(await Store.GetAsync(key))!;
        await Store.UpdateAsync(stalled with { Spec = stalled.Spec with { Source = new DatasetSource { Path = "data.csv" } } });
        await Eventually(async () => (await ReadyOf("Dataset", "churn"))?.Status == ConditionStatus.True, "Dataset churn recovers");
        var now = (await Store.GetAsync(key))!;
        Assert.Equal(2, now.GetStatus()!.ObservedGeneration);
        Assert.Null(ConditionList.Get(now.GetStatus()!.Conditions, ConditionTypes.Stalled));
    }

    [ContractFact]
    public async Task A_change_to_a_referenced_object_enqueues_its_referrers()
    {
        using var m = Manager();
        var datasetReady = new TaskCompletionSource();
        m.Register(new TestReconciler("Dataset", async (r, _) =>
        {
            await datasetReady.Task;
            return TestReconciler.Result(r, new ReconcileOutcome.Succeeded());
        }));
        m.Register(new TestReconciler("FeatureSet", (r, _) =>
        {
            var ds = m.Cache.Get(ObjectKey.Referenced("Dataset", r, ((FeatureSet)r).Spec.DatasetRef));
            var ready = ConditionList.IsTrue(ds?.GetStatus()?.Conditions, ConditionTypes.Ready);
            // A long requeue: only the watch on Datasets can bring the FeatureSet to Ready within the test.
            return Task.FromResult(TestReconciler.Result(r, ready
                ? new ReconcileOutcome.Succeeded()
                : new ReconcileOutcome.Waiting(ConditionReasons.DependencyNotReady, "Dataset churn is not Ready", TimeSpan.FromHours(1))));
        }));
        m.Watch("Dataset", "FeatureSet", ds => m.Cache.List("FeatureSet", ds.Metadata.Namespace).OfType<FeatureSet>()
            .Where(fs => fs.Spec.DatasetRef.Name == ds.Metadata.Name).Select(ObjectKey.Of));
        await Store.CreateAsync(Dataset("churn"));
        await Store.CreateAsync(FeatureSet("churn-features", "churn"));
        await Store.CreateAsync(FeatureSet("other-features", "other"));
        _ = Start(m);

        await Eventually(async () => (await ReadyOf("FeatureSet", "churn-features"))?.Reason == ConditionReasons.DependencyNotReady, "the FeatureSet waits");
        datasetReady.SetResult();
        await Eventually(async () => (await ReadyOf("FeatureSet", "churn-features"))?.Status == ConditionStatus.True, "the FeatureSet follows its Dataset");
        await Eventually(async () => (await ReadyOf("FeatureSet", "other-features"))?.Reason == ConditionReasons.DependencyNotReady, "the other FeatureSet still waits");
    }

    [ContractFact]
    public async Task A_change_to_an_owned_object_enqueues_its_owner()
    {
        using var m = Manager();
        var modelCalls = 0;
        m.Register(new TestReconciler("Model", (r, _) =>
        {
            Interlocked.Increment(ref modelCalls);
            return Task.FromResult(TestReconciler.Result(r, new ReconcileOutcome.Succeeded()));
        }));
        m.WatchOwned("ModelVersion", "Model");
        var model = await Store.CreateAsync(Model("churn"));
        _ = Start(m);
        await Eventually(async () => (await ReadyOf("Model", "churn"))?.Status == ConditionStatus.True, "the Model is Ready");
        var before = Volatile.Read(ref modelCalls);

        await Store.CreateAsync(ModelVersion("churn-v1", new OwnerReference(model.ApiVersion, "Model", "churn", model.Metadata.Uid!)));
        await Eventually(() => Task.FromResult(Volatile.Read(ref modelCalls) > before), "the Model is reconciled again");
    }

    [ContractFact]
    public async Task A_thrown_error_sets_Ready_False_backs_off_and_a_later_success_clears_it()
    {
        using var m = Manager();
        m.Register(new TestReconciler("Dataset", (r, n) => n == 1
            ? throw new IOException("disk busy")
            : Task.FromResult(TestReconciler.Result(r, new ReconcileOutcome.Succeeded()))),
            new ControllerOptions { Backoff = new BackoffPolicy { Base = TimeSpan.FromMilliseconds(300), Jitter = 0 } });
        await Store.CreateAsync(Dataset("churn"));
        _ = Start(m);
        var key = Key("Dataset", "churn");

        await Eventually(async () => (await ReadyOf("Dataset", "churn"))?.Status == ConditionStatus.True, "the retry succeeds");
        Assert.Equal(1, m.Metrics.Errors.WithLabels("Dataset").Value);
        // The Ready flips are events, so the failed phase is on record however briefly it lasted
        // (the event follows the status write, so it may land a moment after Ready is seen).
        await Eventually(async () => (await Store.ListEventsAsync(key)).Count >= 2, "both Ready flips recorded");
        var events = await Store.ListEventsAsync(key);
        Assert.Equal([(ConditionReasons.ReconcileError, "disk busy"), (ConditionReasons.Succeeded, "Reconciled generation 1")],
            events.Select(e => (e.Reason, e.Message)));
    }

    [ContractFact]
    public async Task A_finalizing_reconciler_adds_its_finalizer_and_cleans_up_before_the_object_goes()
    {
        using var m = Manager();
        var reconciler = new FinalizingTestReconciler("Deployment", (r, _) => Task.FromResult(TestReconciler.Result(r, new ReconcileOutcome.Succeeded())));
        m.Register(reconciler);
        await Store.CreateAsync(Deployment("churn"));
        _ = Start(m);
        var key = Key("Deployment", "churn");

        await Eventually(async () => (await Store.GetAsync(key))?.Metadata.Finalizers?.Contains(reconciler.Finalizer) == true, "the finalizer is added");
        await Eventually(async () => (await ReadyOf("Deployment", "churn"))?.Status == ConditionStatus.True, "the Deployment is Ready");
        await Store.DeleteAsync(key);
        await Eventually(async () => await Store.GetAsync(key) is null, "the Deployment is gone");
        Assert.Equal([key], reconciler.Finalized);
    }

    [ContractFact]
    public async Task One_key_is_never_reconciled_twice_at_once_even_with_many_workers_and_changes()
    {
        using var m = Manager();
        var reconciler = new TestReconciler("Dataset", async (r, _) =>
        {
            await Task.Delay(15);
            return TestReconciler.Result(r, new ReconcileOutcome.Succeeded());
        });
        m.Register(reconciler, new ControllerOptions { Workers = 4 });
        for (var i = 0; i < 3; i++)
        {
            await Store.CreateAsync(Dataset($"d{i}"));
        }
        _ = Start(m);
        await m.WaitForCacheSyncAsync(_stop.Token);

        for (var round = 0; round < 15; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                await RelabelAsync(Key("Dataset", $"d{i}"), round.ToString());
            }
        }
        await Eventually(async () =>
        {
            foreach (var i in Enumerable.Range(0, 3))
            {
                if ((await ReadyOf("Dataset", $"d{i}"))?.Status != ConditionStatus.True)
                {
                    return false;
                }
            }
            return true;
        }, "all Datasets are Ready");
        Assert.Equal(1, reconciler.MaxInFlightPerKey);
    }

    /// <summary>Read-modify-write with conflict retry: the controller writes status meanwhile.</summary>
    private async Task RelabelAsync(ObjectKey key, string value)
    {
        while (true)
        {
            var o = (await Store.GetAsync(key))!;
            try
            {
                await Store.UpdateAsync(o with { Metadata = o.Metadata with { Labels = new() { ["round"] = value } } });
                return;
            }
            catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict)
            {
            }
        }
    }

    [ContractFact]
    public async Task An_informer_whose_watch_expires_lists_again_and_misses_nothing()
    {
        var informer = new Informer(new ExpiringWatchStore(Store) { ExpireWatches = 1 }, "Dataset", TimeProvider.System);
        var seen = new List<string>();
        informer.AddHandler(c =>
        {
            lock (seen)
            {
                seen.Add($"{c.Type} {c.Object.Metadata.Name}");
            }
        });
        await Store.CreateAsync(Dataset("before"));
        _ = Task.Run(() => informer.RunAsync(_stop.Token));
        await informer.Synced;
        await Store.CreateAsync(Dataset("after"));

        await Eventually(() => Task.FromResult(informer.Get(Key("Dataset", "after")) is not null), "the informer sees the later object");
        Assert.True(informer.ListCount >= 2, $"listed {informer.ListCount} times");
        lock (seen)
        {
            Assert.Equal(["Added before", "Added after"], seen);
        }
    }

    [ContractFact]
    public async Task An_informer_reports_deletions()
    {
        var informer = new Informer(Store, "Dataset", TimeProvider.System);
        var deleted = new TaskCompletionSource<string>();
        informer.AddHandler(c =>
        {
            if (c.Type == WatchEventType.Deleted)
            {
                deleted.TrySetResult(c.Object.Metadata.Name);
            }
        });
        await Store.CreateAsync(Dataset("gone"));
        _ = Task.Run(() => informer.RunAsync(_stop.Token));
        await informer.Synced;
        await Store.DeleteAsync(Key("Dataset", "gone"));
        Assert.Equal("gone", await deleted.Task.WaitAsync(Patience));
        Assert.Empty(informer.List());
    }
}
