using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Local.Tests.Store;
using GitOpsMl.Testing.Kubernetes;
using Prometheus;
using static GitOpsMl.Kubernetes.Tests.TestObjects;
using WatchEventType = GitOpsMl.Controllers.Store.WatchEventType;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>
/// The controller runtime (informers, work queues, status writes, events, finalizers) on a real
/// kube-apiserver, as ControllerOnSqliteStoreTests runs it on the SQLite store: the same test reconcilers.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ControllerOnKubernetesStoreTests(StoreCluster cluster) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stop = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task<(KubernetesObjectStore Store, string Ns)> NewStoreAsync(string prefix)
    {
        var ns = await cluster.NewNamespaceAsync(prefix);
        return (cluster.Store(ns), ns);
    }

    private ControllerManager Manager(IObjectStore store) => new(store, TimeProvider.System, _registry);

    private Task Start(ControllerManager m) => Task.Run(() => m.RunAsync(_stop.Token));

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"timed out waiting until {what}");
    }

    private static async Task<Condition?> ReadyOf(IObjectStore store, ObjectKey key) =>
        ConditionList.Get((await store.GetAsync(key))?.GetStatus()?.Conditions, ConditionTypes.Ready);

    [KubernetesFact]
    public async Task A_succeeding_object_becomes_Ready_once_with_an_event_and_its_own_status_write_does_not_loop()
    {
        var (store, ns) = await NewStoreAsync("ready");
        var reconciler = new TestReconciler("Dataset", (r, _) => Task.FromResult(TestReconciler.Result(r, new ReconcileOutcome.Succeeded())));
        using var m = Manager(store);
        m.Register(reconciler);
        await store.CreateAsync(Dataset(ns, "churn"));
        _ = Start(m);
        var key = Key("Dataset", ns, "churn");

        await Eventually(async () => (await ReadyOf(store, key))?.Status == ConditionStatus.True, "Dataset churn is Ready");
        var version = (await store.GetAsync(key))!.Metadata.ResourceVersion;
        await Task.Delay(500);

        Assert.Equal(1, reconciler.Calls(key));
        var now = (await store.GetAsync(key))!;
        Assert.Equal(version, now.Metadata.ResourceVersion);
        Assert.Equal(1, now.Metadata.Generation);
        Assert.Equal(1, now.GetStatus()!.ObservedGeneration);
        await Eventually(async () => (await store.ListEventsAsync(key)).Count == 1, "the Succeeded event is recorded");
        Assert.Equal(ConditionReasons.Succeeded, Assert.Single(await store.ListEventsAsync(key)).Reason);
        Assert.Equal(1, m.Metrics.Reconciles.WithLabels("Dataset", "succeeded").Value);
    }

    [KubernetesFact]
    public async Task A_stalled_object_is_not_retried_until_its_spec_changes()
    {
        var (store, ns) = await NewStoreAsync("stalled");
        var reconciler = new TestReconciler("Dataset", (r, _) => Task.FromResult(TestReconciler.Result(r,
            ((Dataset)r).Spec.Source.Path == "missing.csv"
                ? new ReconcileOutcome.Stalled(ConditionReasons.SourceNotFound, "missing.csv does not exist")
                : new ReconcileOutcome.Succeeded())));
        using var m = Manager(store);
        m.Register(reconciler);
        await store.CreateAsync(Dataset(ns, "churn", path: "missing.csv"));
        _ = Start(m);
        var key = Key("Dataset", ns, "churn");

        await Eventually(async () => (await ReadyOf(store, key))?.Reason == ConditionReasons.SourceNotFound, "Dataset churn is stalled");
        await Task.Delay(500);
        Assert.Equal(1, reconciler.Calls(key));

        var stalled = (Dataset)(await store.GetAsync(key))!;
        await store.UpdateAsync(stalled with { Spec = stalled.Spec with { Source = new DatasetSource { Path = "data.csv" } } });
        await Eventually(async () => (await ReadyOf(store, key))?.Status == ConditionStatus.True, "Dataset churn recovers");
        var now = (await store.GetAsync(key))!;
        Assert.Equal(2, now.GetStatus()!.ObservedGeneration);
        Assert.Null(ConditionList.Get(now.GetStatus()!.Conditions, ConditionTypes.Stalled));
    }

    [KubernetesFact]
    public async Task A_change_to_a_referenced_object_enqueues_its_referrers()
    {
        var (store, ns) = await NewStoreAsync("referrers");
        using var m = Manager(store);
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
        await store.CreateAsync(Dataset(ns, "churn"));
        await store.CreateAsync(FeatureSet(ns, "churn-features", "churn"));
        await store.CreateAsync(FeatureSet(ns, "other-features", "other"));
        _ = Start(m);

        await Eventually(async () => (await ReadyOf(store, Key("FeatureSet", ns, "churn-features")))?.Reason == ConditionReasons.DependencyNotReady, "the FeatureSet waits");
        datasetReady.SetResult();
        await Eventually(async () => (await ReadyOf(store, Key("FeatureSet", ns, "churn-features")))?.Status == ConditionStatus.True, "the FeatureSet follows its Dataset");
        await Eventually(async () => (await ReadyOf(store, Key("FeatureSet", ns, "other-features")))?.Reason == ConditionReasons.DependencyNotReady, "the other FeatureSet still waits");
    }

    [KubernetesFact]
    public async Task A_change_to_an_owned_object_enqueues_its_owner()
    {
        var (store, ns) = await NewStoreAsync("owned");
        using var m = Manager(store);
        var modelCalls = 0;
        m.Register(new TestReconciler("Model", (r, _) =>
        {
            Interlocked.Increment(ref modelCalls);
            return Task.FromResult(TestReconciler.Result(r, new ReconcileOutcome.Succeeded()));
        }));
        m.WatchOwned("ModelVersion", "Model");
        var model = await store.CreateAsync(Model(ns, "churn"));
        _ = Start(m);
        await Eventually(async () => (await ReadyOf(store, Key("Model", ns, "churn")))?.Status == ConditionStatus.True, "the Model is Ready");
        var before = Volatile.Read(ref modelCalls);

        await store.CreateAsync(ModelVersion(ns, "churn-v1", new OwnerReference(model.ApiVersion, "Model", "churn", model.Metadata.Uid!)));
        await Eventually(() => Task.FromResult(Volatile.Read(ref modelCalls) > before), "the Model is reconciled again");
    }

    [KubernetesFact]
    public async Task A_thrown_error_sets_Ready_False_backs_off_and_a_later_success_clears_it()
    {
        var (store, ns) = await NewStoreAsync("backoff");
        using var m = Manager(store);
        m.Register(new TestReconciler("Dataset", (r, n) => n == 1
            ? throw new IOException("disk busy")
            : Task.FromResult(TestReconciler.Result(r, new ReconcileOutcome.Succeeded()))),
            new ControllerOptions { Backoff = new BackoffPolicy { Base = TimeSpan.FromMilliseconds(300), Jitter = 0 } });
        await store.CreateAsync(Dataset(ns, "churn"));
        _ = Start(m);
        var key = Key("Dataset", ns, "churn");

        await Eventually(async () => (await ReadyOf(store, key))?.Status == ConditionStatus.True, "the retry succeeds");
        Assert.Equal(1, m.Metrics.Errors.WithLabels("Dataset").Value);
        await Eventually(async () => (await store.ListEventsAsync(key)).Count >= 2, "both Ready flips recorded");
        var events = await store.ListEventsAsync(key);
        Assert.Equal([(ConditionReasons.ReconcileError, "disk busy"), (ConditionReasons.Succeeded, "Reconciled generation 1")],
            events.Select(e => (e.Reason, e.Message)));
    }

    [KubernetesFact]
    public async Task A_finalizing_reconciler_adds_its_finalizer_and_cleans_up_before_the_object_goes()
    {
        var (store, ns) = await NewStoreAsync("finalize");
        using var m = Manager(store);
        var reconciler = new FinalizingTestReconciler("Deployment", (r, _) => Task.FromResult(TestReconciler.Result(r, new ReconcileOutcome.Succeeded())));
        m.Register(reconciler);
        await store.CreateAsync(Deployment(ns, "churn"));
        _ = Start(m);
        var key = Key("Deployment", ns, "churn");

        await Eventually(async () => (await store.GetAsync(key))?.Metadata.Finalizers?.Contains(reconciler.Finalizer) == true, "the finalizer is added");
        await Eventually(async () => (await ReadyOf(store, key))?.Status == ConditionStatus.True, "the Deployment is Ready");
        await store.DeleteAsync(key);
        await Eventually(async () => await store.GetAsync(key) is null, "the Deployment is gone");
        Assert.Equal([key], reconciler.Finalized);
    }

    [KubernetesFact]
    public async Task One_key_is_never_reconciled_twice_at_once_even_with_many_workers_and_changes()
    {
        var (store, ns) = await NewStoreAsync("workers");
        using var m = Manager(store);
        var reconciler = new TestReconciler("Dataset", async (r, _) =>
        {
            await Task.Delay(15);
            return TestReconciler.Result(r, new ReconcileOutcome.Succeeded());
        });
        m.Register(reconciler, new ControllerOptions { Workers = 4 });
        for (var i = 0; i < 3; i++)
        {
            await store.CreateAsync(Dataset(ns, $"d{i}"));
        }
        _ = Start(m);
        await m.WaitForCacheSyncAsync(_stop.Token);

        for (var round = 0; round < 10; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                await RelabelAsync(store, Key("Dataset", ns, $"d{i}"), round.ToString());
            }
        }
        await Eventually(async () =>
        {
            foreach (var i in Enumerable.Range(0, 3))
            {
                if ((await ReadyOf(store, Key("Dataset", ns, $"d{i}")))?.Status != ConditionStatus.True)
                {
                    return false;
                }
            }
            return true;
        }, "all Datasets are Ready");
        Assert.Equal(1, reconciler.MaxInFlightPerKey);
    }

    /// <summary>Read-modify-write with conflict retry: the controller writes status meanwhile.</summary>
    private static async Task RelabelAsync(IObjectStore store, ObjectKey key, string value)
    {
        while (true)
        {
            var o = (await store.GetAsync(key))!;
            try
            {
                await store.UpdateAsync(o with { Metadata = o.Metadata with { Labels = new() { ["round"] = value } } });
                return;
            }
            catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict)
            {
            }
        }
    }

    [KubernetesFact]
    public async Task An_informer_whose_watch_expires_lists_again_and_misses_nothing()
    {
        var (store, ns) = await NewStoreAsync("relist");
        var informer = new Informer(new ExpiringWatchStore(store) { ExpireWatches = 1 }, "Dataset", TimeProvider.System);
        var seen = new List<string>();
        informer.AddHandler(c =>
        {
            lock (seen)
            {
                seen.Add($"{c.Type} {c.Object.Metadata.Name}");
            }
        });
        await store.CreateAsync(Dataset(ns, "before"));
        _ = Task.Run(() => informer.RunAsync(_stop.Token));
        await informer.Synced;
        await store.CreateAsync(Dataset(ns, "after"));

        await Eventually(() => Task.FromResult(informer.Get(Key("Dataset", ns, "after")) is not null), "the informer sees the later object");
        Assert.True(informer.ListCount >= 2, $"listed {informer.ListCount} times");
        lock (seen)
        {
            Assert.Equal(["Added before", "Added after"], seen);
        }
    }

    [KubernetesFact]
    public async Task An_informer_reports_deletions()
    {
        var (store, ns) = await NewStoreAsync("informer");
        var informer = new Informer(store, "Dataset", TimeProvider.System);
        var deleted = new TaskCompletionSource<string>();
        informer.AddHandler(c =>
        {
            if (c.Type == WatchEventType.Deleted)
            {
                deleted.TrySetResult(c.Object.Metadata.Name);
            }
        });
        await store.CreateAsync(Dataset(ns, "gone"));
        _ = Task.Run(() => informer.RunAsync(_stop.Token));
        await informer.Synced;
        await store.DeleteAsync(Key("Dataset", ns, "gone"));
        Assert.Equal("gone", await deleted.Task.WaitAsync(Patience));
        Assert.Empty(informer.List());
    }
}
