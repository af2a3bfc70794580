using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Local.Store;
using Prometheus;

namespace GitOpsMl.Local.Tests.Store;

/// <summary>The controller runtime against the real SQLite store on a temporary file.</summary>
public sealed class ControllerOnSqliteStoreTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly StoreFixture _f = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private SqliteObjectStore Store => _f.Store;

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _f.Dispose();
    }

    private ControllerManager Manager(IObjectStore? store = null) =>
        new(store ?? Store, TimeProvider.System, _registry);

    private Task Start(ControllerManager m) => Task.Run(() => m.RunAsync(_stop.Token));

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(20);
        }
        Assert.Fail($"timed out waiting until {what}");
    }

    private async Task<Condition?> ReadyOf(string kind, string name) =>
        ConditionList.Get((await Store.GetAsync(StoreFixture.Key(kind, name)))!.GetStatus()?.Conditions, ConditionTypes.Ready);

    private static FeatureSet FeatureSet(string name, string dataset) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new FeatureSetSpec { DatasetRef = new LocalObjectReference { Name = dataset } },
    };

    [Fact]
    public async Task A_succeeding_object_becomes_Ready_once_with_an_event_and_its_own_status_write_does_not_loop()
    {
        var reconciler = new TestReconciler("Dataset", (r, _) => Task.FromResult(TestReconciler.Result(r, new ReconcileOutcome.Succeeded())));
        using var m = Manager();
        m.Register(reconciler);
        await Store.CreateAsync(StoreFixture.Dataset("churn"));
        _ = Start(m);

        await Eventually(async () => (await ReadyOf("Dataset", "churn"))?.Status == ConditionStatus.True, "Dataset churn is Ready");
        var revision = Store.CurrentRevision();
        await Task.Delay(300);

        var key = StoreFixture.Key("Dataset", "churn");
        Assert.Equal(1, reconciler.Calls(key));
        Assert.Equal(revision, Store.CurrentRevision());
        Assert.Equal(1, (await Store.GetAsync(key))!.Metadata.Generation);
        Assert.Equal(1, (await Store.GetAsync(key))!.GetStatus()!.ObservedGeneration);
        var e = Assert.Single(await Store.ListEventsAsync(key));
        Assert.Equal(ConditionReasons.Succeeded, e.Reason);
        Assert.Equal(1, m.Metrics.Reconciles.WithLabels("Dataset", "succeeded").Value);
    }

    [Fact]
    public async Task A_stalled_object_is_not_retried_until_its_spec_changes()
    {
        var reconciler = new TestReconciler("Dataset", (r, _) => Task.FromResult(TestReconciler.Result(r,
            ((Dataset)r).Spec.Source.Path == "missing.csv"
                ? new ReconcileOutcome.Stalled(ConditionReasons.SourceNotFound, "missing.csv does not exist")
                : new ReconcileOutcome.Succeeded())));
        using var m = Manager();
        m.Register(reconciler);
        await Store.CreateAsync(StoreFixture.Dataset("churn", path: "missing.csv"));
        _ = Start(m);
        var key = StoreFixture.Key("Dataset", "churn");

        await Eventually(async () => (await ReadyOf("Dataset", "churn"))?.Reason == ConditionReasons.SourceNotFound, "Dataset churn is stalled");
        await Task.Delay(300);
        Assert.Equal(1, reconciler.Calls(key));

        var stalled = (Dataset)(await Store.GetAsync(key))!;
        await Store.UpdateAsync(stalled with { Spec = stalled.Spec with { Source = new DatasetSource { Path = "data.csv" } } });
        await Eventually(async () => (await ReadyOf("Dataset", "churn"))?.Status == ConditionStatus.True, "Dataset churn recovers");
        var now = (await Store.GetAsync(key))!;
        Assert.Equal(2, now.GetStatus()!.ObservedGeneration);
        Assert.Null(ConditionList.Get(now.GetStatus()!.Conditions, ConditionTypes.Stalled));
    }

    [Fact]
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
            var ready = ConditionList.IsTrue(ds is null ? null : ds.GetStatus()?.Conditions, ConditionTypes.Ready);
            // A long requeue: only the watch on Datasets can bring the FeatureSet to Ready within the test.
            return Task.FromResult(TestReconciler.Result(r, ready
                ? new ReconcileOutcome.Succeeded()
                : new ReconcileOutcome.Waiting(ConditionReasons.DependencyNotReady, "Dataset churn is not Ready", TimeSpan.FromHours(1))));
        }));
        m.Watch("Dataset", "FeatureSet", ds => m.Cache.List("FeatureSet", ds.Metadata.Namespace).OfType<FeatureSet>()
            .Where(fs => fs.Spec.DatasetRef.Name == ds.Metadata.Name).Select(ObjectKey.Of));
        await Store.CreateAsync(StoreFixture.Dataset("churn"));
        await Store.CreateAsync(FeatureSet("churn-features", "churn"));
        await Store.CreateAsync(FeatureSet("other-features", "other"));
        _ = Start(m);

        await Eventually(async () => (await ReadyOf("FeatureSet", "churn-features"))?.Reason == ConditionReasons.DependencyNotReady, "the FeatureSet waits");
        datasetReady.SetResult();
        await Eventually(async () => (await ReadyOf("FeatureSet", "churn-features"))?.Status == ConditionStatus.True, "the FeatureSet follows its Dataset");
        await Eventually(async () => (await ReadyOf("FeatureSet", "other-features"))?.Reason == ConditionReasons.DependencyNotReady, "the other FeatureSet still waits");
    }

    [Fact]
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
        var model = await Store.CreateAsync(new Model { Metadata = new ObjectMeta { Name = "churn" } });
        _ = Start(m);
        await Eventually(async () => (await ReadyOf("Model", "churn"))?.Status == ConditionStatus.True, "the Model is Ready");
        var before = Volatile.Read(ref modelCalls);

        await Store.CreateAsync(new ModelVersion
        {
            Metadata = new ObjectMeta { Name = "churn-v1", OwnerReferences = [new OwnerReference(model.ApiVersion, "Model", "churn", model.Metadata.Uid!)] },
        });
        await Eventually(() => Task.FromResult(Volatile.Read(ref modelCalls) > before), "the Model is reconciled again");
    }

    [Fact]
    public async Task A_thrown_error_sets_Ready_False_backs_off_and_a_later_success_clears_it()
    {
        using var m = Manager();
        m.Register(new TestReconciler("Dataset", (r, n) => n == 1
            ? throw new IOException("disk busy")
            : Task.FromResult(TestReconciler.Result(r, new ReconcileOutcome.Succeeded()))),
            new ControllerOptions { Backoff = new BackoffPolicy { Base = TimeSpan.FromMilliseconds(300), Jitter = 0 } });
        await Store.CreateAsync(StoreFixture.Dataset("churn"));
        _ = Start(m);

        await Eventually(async () => (await ReadyOf("Dataset", "churn"))?.Status == ConditionStatus.True, "the retry succeeds");
        Assert.Equal(1, m.Metrics.Errors.WithLabels("Dataset").Value);
        // The Ready flips are events, so the failed phase is on record however briefly it lasted
        // (the event follows the status write, so it may land a moment after Ready is seen).
        await Eventually(async () => (await Store.ListEventsAsync(StoreFixture.Key("Dataset", "churn"))).Count >= 2, "both Ready flips recorded");
        var events = await Store.ListEventsAsync(StoreFixture.Key("Dataset", "churn"));
        Assert.Equal([(ConditionReasons.ReconcileError, "disk busy"), (ConditionReasons.Succeeded, "Reconciled generation 1")],
            events.Select(e => (e.Reason, e.Message)));
    }

    [Fact]
    public async Task A_finalizing_reconciler_adds_its_finalizer_and_cleans_up_before_the_object_goes()
    {
        using var m = Manager();
        var reconciler = new FinalizingTestReconciler("Deployment", (r, _) => Task.FromResult(TestReconciler.Result(r, new ReconcileOutcome.Succeeded())));
        m.Register(reconciler);
        await Store.CreateAsync(new Deployment { Metadata = new ObjectMeta { Name = "churn" } });
        _ = Start(m);
        var key = StoreFixture.Key("Deployment", "churn");

        await Eventually(async () => (await Store.GetAsync(key))?.Metadata.Finalizers?.Contains(reconciler.Finalizer) == true, "the finalizer is added");
        await Eventually(async () => (await ReadyOf("Deployment", "churn"))?.Status == ConditionStatus.True, "the Deployment is Ready");
        await Store.DeleteAsync(key);
        await Eventually(async () => await Store.GetAsync(key) is null, "the Deployment is gone");
        Assert.Equal([key], reconciler.Finalized);
    }

    [Fact]
    public async Task One_key_is_never_reconciled_twice_at_once_even_with_many_workers_and_changes()
    {
        using var m = Manager();
        var reconciler = new TestReconciler("Dataset", async (r, _) =>
        {
            await Task.Delay(15);
            return TestReconciler.Result(r, new ReconcileOutcome.Succeeded());
        });
        m.Register(reconciler, new ControllerOptions { Workers = 4 });
        for (var i = 0; i < 3; i++) await Store.CreateAsync(StoreFixture.Dataset($"d{i}"));
        _ = Start(m);
        await m.WaitForCacheSyncAsync(_stop.Token);

        for (var round = 0; round < 15; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                await RelabelAsync(StoreFixture.Key("Dataset", $"d{i}"), round.ToString());
            }
        }

        await Eventually(async () =>
        {
            foreach (var i in Enumerable.Range(0, 3))
                if ((await ReadyOf("Dataset", $"d{i}"))?.Status != ConditionStatus.True) return false;
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
            catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict) { }
        }
    }

    [Fact]
    public async Task An_informer_whose_watch_expires_lists_again_and_misses_nothing()
    {
        var store = new ExpiringWatchStore(Store) { ExpireWatches = 1 };
        var informer = new Informer(store, "Dataset", TimeProvider.System);
        var seen = new List<string>();
        informer.AddHandler(c => { lock (seen) seen.Add($"{c.Type} {c.Object.Metadata.Name}"); });
        await Store.CreateAsync(StoreFixture.Dataset("before"));
        _ = Task.Run(() => informer.RunAsync(_stop.Token));
        await informer.Synced;
        await Store.CreateAsync(StoreFixture.Dataset("after"));

        await Eventually(() => Task.FromResult(informer.Get(StoreFixture.Key("Dataset", "after")) is not null), "the informer sees the later object");
        Assert.True(informer.ListCount >= 2, $"listed {informer.ListCount} times");
        lock (seen) Assert.Equal(["Added before", "Added after"], seen);
    }

    [Fact]
    public async Task An_informer_reports_deletions()
    {
        var informer = new Informer(Store, "Dataset", TimeProvider.System);
        var deleted = new TaskCompletionSource<string>();
        informer.AddHandler(c => { if (c.Type == WatchEventType.Deleted) deleted.TrySetResult(c.Object.Metadata.Name); });
        await Store.CreateAsync(StoreFixture.Dataset("gone"));
        _ = Task.Run(() => informer.RunAsync(_stop.Token));
        await informer.Synced;
        await Store.DeleteAsync(StoreFixture.Key("Dataset", "gone"));
        Assert.Equal("gone", await deleted.Task.WaitAsync(Patience));
        Assert.Empty(informer.List());
    }
}
