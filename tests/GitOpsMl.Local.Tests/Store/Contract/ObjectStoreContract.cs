using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Store;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsMl.Testing.Store;

/// <summary>
/// What every <see cref="IObjectStore"/> backend must do, written once: the SQLite store's tests and the
/// real kube-apiserver's tests both derive from this class (the file is linked into both test projects).
/// A subclass supplies a fresh store and states the few differences that are real, such as which clock
/// stamps creation times; anything only one backend has (crash safety, compaction, the garbage
/// collector, watch timeouts) stays in that backend's own tests.
/// </summary>
public abstract class ObjectStoreContract : IAsyncLifetime
{
    protected IObjectStore Store { get; private set; } = null!;

    /// <summary>The namespace the fresh store's objects live in (and its lists and watches see).</summary>
    protected string Ns { get; private set; } = "";

    /// <summary>The clock the store stamps events with when the caller gives no time.</summary>
    protected abstract FakeTimeProvider Time { get; }

    /// <summary>The clock that stamps creation and deletion times: the store's own, or the API server's.</summary>
    protected abstract TimeProvider StampClock { get; }

    /// <summary>How far a stamp may lie outside the moments around the write (the API server keeps whole seconds).</summary>
    protected abstract TimeSpan StampTolerance { get; }

    /// <summary>An empty store on <see cref="Time"/>, and the namespace to work in.</summary>
    protected abstract Task<(IObjectStore Store, string Ns)> NewStoreAsync();

    /// <summary>A second namespace the store can hold objects in (the API server needs it created first).</summary>
    protected abstract Task<string> OtherNamespaceAsync(string prefix);

    /// <summary>
    /// The store's latest revision where the backend can tell it exactly; null on the API server, whose
    /// revision moves with every write anywhere in the cluster (leases, events, other tests).
    /// </summary>
    protected abstract long? CurrentRevision();

    public async Task InitializeAsync() => (Store, Ns) = await NewStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A Dataset both backends accept (the CRD requires a schema).</summary>
    protected Dataset Dataset(string name, string? ns = null, string path = "data.csv") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns ?? Ns },
        Spec = new DatasetSpec
        {
            Source = new DatasetSource { Path = path },
            Schema = [new ColumnSpec { Name = "tenure", Type = ColumnType.Float }],
        },
    };

    protected Model Model(string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = Ns } };

    protected ObjectKey Key(string kind, string name) => new(kind, Ns, name);

    protected static DatasetStatus Rows(long n) => new() { RowCount = n };

    protected static long Revision(CustomResource o) => long.Parse(o.Metadata.ResourceVersion!);

    private void AssertStamped(DateTimeOffset? stamp, DateTimeOffset before, DateTimeOffset after)
    {
        Assert.NotNull(stamp);
        Assert.InRange(stamp.Value, before - StampTolerance, after + StampTolerance);
    }

    [ContractFact]
    public async Task Create_sets_uid_generation_one_creation_time_and_a_revision_and_ignores_status()
    {
        var before = StampClock.GetUtcNow();
        var created = (Dataset)await Store.CreateAsync(Dataset("churn") with { Status = Rows(5) });
        var after = StampClock.GetUtcNow();

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(1, created.Metadata.Generation);
        AssertStamped(created.Metadata.CreationTimestamp, before, after);
        Assert.Equal(Ns, created.Metadata.Namespace);
        Assert.True(Revision(created) > 0);
        if (CurrentRevision() is { } current)
        {
            Assert.Equal(current, Revision(created));
        }
        Assert.Null(created.Status);
        var read = (Dataset?)await Store.GetAsync(Key("Dataset", "churn"));
        Assert.Equal("data.csv", read!.Spec.Source.Path);
        Assert.Null(await Store.GetAsync(Key("Dataset", "absent")));
    }

    [ContractFact]
    public async Task Create_of_an_existing_name_is_AlreadyExists_and_set_versions_empty_names_or_unknown_kinds_are_Invalid()
    {
        await Store.CreateAsync(Dataset("churn"));

        var e = await Assert.ThrowsAsync<StoreException>(() => Store.CreateAsync(Dataset("churn")));
        Assert.Equal(StoreErrorKind.AlreadyExists, e.Kind);
        var withVersion = Dataset("other") with { Metadata = new ObjectMeta { Name = "other", Namespace = Ns, ResourceVersion = "3" } };
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => Store.CreateAsync(withVersion))).Kind);
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => Store.CreateAsync(Dataset("")))).Kind);
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => Store.ListAsync("Pod"))).Kind);
    }

    [ContractFact]
    public async Task A_write_with_a_stale_resource_version_is_a_Conflict_one_without_a_version_is_Invalid_and_one_to_an_absent_object_is_NotFound()
    {
        var v1 = (Dataset)await Store.CreateAsync(Dataset("churn"));
        await Store.UpdateAsync(v1 with { Spec = v1.Spec with { Sha256 = new string('a', 64) } });

        var stale = await Assert.ThrowsAsync<StoreException>(() => Store.UpdateAsync(v1 with { Spec = v1.Spec with { Format = DataFormat.Csv } }));
        Assert.Equal(StoreErrorKind.Conflict, stale.Kind);
        var staleStatus = await Assert.ThrowsAsync<StoreException>(() => Store.UpdateStatusAsync(v1 with { Status = Rows(1) }));
        Assert.Equal(StoreErrorKind.Conflict, staleStatus.Kind);
        var unversioned = v1 with { Metadata = v1.Metadata with { ResourceVersion = null } };
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => Store.UpdateAsync(unversioned))).Kind);
        var gone = await Assert.ThrowsAsync<StoreException>(() => Store.UpdateAsync(Dataset("absent") with
        {
            Metadata = new ObjectMeta { Name = "absent", Namespace = Ns, ResourceVersion = v1.Metadata.ResourceVersion },
        }));
        Assert.Equal(StoreErrorKind.NotFound, gone.Kind);
    }

    [ContractFact]
    public async Task Generation_moves_on_spec_changes_only()
    {
        var v1 = (Dataset)await Store.CreateAsync(Dataset("churn"));
        var labelled = (Dataset)await Store.UpdateAsync(v1 with { Metadata = v1.Metadata with { Labels = new() { ["team"] = "ml" } } });
        Assert.Equal(1, labelled.Metadata.Generation);
        Assert.NotEqual(v1.Metadata.ResourceVersion, labelled.Metadata.ResourceVersion);

        var withStatus = (Dataset)await Store.UpdateStatusAsync(labelled with { Status = Rows(10) });
        Assert.Equal(1, withStatus.Metadata.Generation);

        var respecced = (Dataset)await Store.UpdateAsync(withStatus with { Spec = withStatus.Spec with { Source = new DatasetSource { Path = "other.csv" } } });
        Assert.Equal(2, respecced.Metadata.Generation);
    }

    [ContractFact]
    public async Task A_spec_write_never_changes_status_and_a_status_write_never_changes_spec_or_metadata()
    {
        var v1 = (Dataset)await Store.CreateAsync(Dataset("churn"));
        var v2 = (Dataset)await Store.UpdateStatusAsync(v1 with { Status = Rows(10) });

        // Parquet, not Csv: the CRD defaults format to csv, so writing csv would change no spec on a real server.
        var v3 = (Dataset)await Store.UpdateAsync(v2 with { Status = Rows(999), Spec = v2.Spec with { Format = DataFormat.Parquet } });
        Assert.Equal(10, v3.Status!.RowCount);
        Assert.Equal(DataFormat.Parquet, v3.Spec.Format);

        var v4 = (Dataset)await Store.UpdateStatusAsync(v3 with
        {
            Status = Rows(20),
            Spec = v3.Spec with { Format = DataFormat.Csv },
            Metadata = v3.Metadata with { Labels = new() { ["x"] = "y" }, Generation = 42 },
        });
        Assert.Equal(20, v4.Status!.RowCount);
        Assert.Equal(DataFormat.Parquet, v4.Spec.Format);
        Assert.Null(v4.Metadata.Labels);
        Assert.Equal(2, v4.Metadata.Generation);
    }

    [ContractFact]
    public async Task A_write_that_changes_nothing_makes_no_revision()
    {
        var v1 = (Dataset)await Store.CreateAsync(Dataset("churn"));
        var v2 = await Store.UpdateStatusAsync(v1 with { Status = Rows(10) });
        var before = CurrentRevision();

        var same = await Store.UpdateStatusAsync(v2);
        var sameSpec = await Store.UpdateAsync(v2);

        // Where the backend can tell its whole revision, no write moved it at all.
        Assert.Equal(before, CurrentRevision());
        Assert.Equal(v2.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
        Assert.Equal(v2.Metadata.ResourceVersion, sameSpec.Metadata.ResourceVersion);
        Assert.Equal(v2.Metadata.ResourceVersion, (await Store.GetAsync(Key("Dataset", "churn")))!.Metadata.ResourceVersion);
    }

    [ContractFact]
    public async Task Delete_removes_the_object_and_a_missing_one_is_NotFound()
    {
        await Store.CreateAsync(Dataset("churn"));
        await Store.DeleteAsync(Key("Dataset", "churn"));
        Assert.Null(await Store.GetAsync(Key("Dataset", "churn")));
        var e = await Assert.ThrowsAsync<StoreException>(() => Store.DeleteAsync(Key("Dataset", "churn")));
        Assert.Equal(StoreErrorKind.NotFound, e.Kind);
    }

    [ContractFact]
    public async Task Delete_with_finalizers_marks_the_object_and_removing_the_last_finalizer_deletes_it()
    {
        var key = Key("Dataset", "churn");
        var dataset = Dataset("churn");
        await Store.CreateAsync(dataset with { Metadata = dataset.Metadata with { Finalizers = ["gitopsml.io/a", "gitopsml.io/b"] } });

        var before = StampClock.GetUtcNow();
        await Store.DeleteAsync(key);
        var after = StampClock.GetUtcNow();
        var marked = (await Store.GetAsync(key))!;
        AssertStamped(marked.Metadata.DeletionTimestamp, before, after);
        var revision = CurrentRevision();
        await Store.DeleteAsync(key);
        Assert.Equal(marked.Metadata.ResourceVersion, (await Store.GetAsync(key))!.Metadata.ResourceVersion);
        Assert.Equal(revision, CurrentRevision());

        var oneLeft = await Store.UpdateAsync(marked with { Metadata = marked.Metadata with { Finalizers = ["gitopsml.io/b"] } });
        Assert.NotNull(await Store.GetAsync(key));
        Assert.NotNull(oneLeft.Metadata.DeletionTimestamp);

        await Store.UpdateAsync(oneLeft with { Metadata = oneLeft.Metadata with { Finalizers = [] } });
        Assert.Null(await Store.GetAsync(key));
    }

    [ContractFact]
    public async Task List_returns_one_kind_in_a_namespace_with_the_revision_it_was_read_at()
    {
        var team = await OtherNamespaceAsync("team");
        await Store.CreateAsync(Dataset("a"));
        await Store.CreateAsync(Dataset("b", ns: team));
        var last = await Store.CreateAsync(Model("m"));

        var mine = await Store.ListAsync("Dataset", Ns);
        Assert.Equal(["a"], mine.Items.Select(o => o.Metadata.Name));
        Assert.True(mine.Revision >= Revision(last), $"list revision {mine.Revision} is before the last write {Revision(last)}");
        if (CurrentRevision() is { } current)
        {
            Assert.Equal(current, mine.Revision);
        }
        Assert.Equal(["b"], (await Store.ListAsync("Dataset", team)).Items.Select(o => o.Metadata.Name));
    }

    [ContractFact]
    public async Task A_watch_replays_changes_after_its_revision_then_follows_live_ones_of_its_kind()
    {
        var a = (Dataset)await Store.CreateAsync(Dataset("a"));
        var from = Revision(a);
        await Store.UpdateStatusAsync(a with { Status = Rows(1) });
        await Store.CreateAsync(Model("m"));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<WatchEvent>();
        await using var watch = Store.WatchAsync("Dataset", from, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);

        var next = watch.MoveNextAsync();
        await Store.CreateAsync(Dataset("b"));
        await Store.DeleteAsync(Key("Dataset", "a"));
        Assert.True(await next);
        seen.Add(watch.Current);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);

        Assert.Equal([WatchEventType.Modified, WatchEventType.Added, WatchEventType.Deleted], seen.Select(e => e.Type));
        Assert.Equal(["a", "b", "a"], seen.Select(e => e.Object.Metadata.Name));
        Assert.Equal(seen.Select(e => e.Revision).Order(), seen.Select(e => e.Revision));
        Assert.All(seen, e => Assert.Equal(e.Revision.ToString(), e.Object.Metadata.ResourceVersion));
    }

    [ContractFact]
    public async Task A_watch_of_every_kind_sees_changes_of_each_kind()
    {
        var start = (await Store.ListAsync("Dataset")).Revision;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = Store.WatchAsync(null, start, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync();

        await Store.CreateAsync(Dataset("d"));
        await Store.CreateAsync(Model("m"));

        var seen = new List<string>();
        Assert.True(await next);
        seen.Add(watch.Current.Object.Kind + "/" + watch.Current.Object.Metadata.Name);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current.Object.Kind + "/" + watch.Current.Object.Metadata.Name);
        Assert.Equal(["Dataset/d", "Model/m"], seen.Order());
    }

    [ContractFact]
    public async Task Repeated_events_are_counted_not_duplicated_and_go_with_their_object()
    {
        var key = Key("Dataset", "churn");
        await Store.CreateAsync(Dataset("churn"));
        var first = Time.GetUtcNow();
        await Store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Warning, "InvalidData", "column age: 3 nulls") { FirstTimestamp = first, LastTimestamp = first });
        // Not whole seconds: a backend that rounds its timestamps would show here.
        Time.Advance(TimeSpan.FromMinutes(1).Add(TimeSpan.FromMilliseconds(250)));
        var later = Time.GetUtcNow();
        await Store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Warning, "InvalidData", "column age: 3 nulls") { FirstTimestamp = later, LastTimestamp = later });
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Normal, "Succeeded", "validated"));

        var events = await Store.ListEventsAsync(key);
        Assert.Equal(["InvalidData", "Succeeded"], events.Select(e => e.Reason));
        var repeated = events[0];
        Assert.Equal(2, repeated.Count);
        Assert.Equal(first, repeated.FirstTimestamp);
        Assert.Equal(later, repeated.LastTimestamp);

        await Store.DeleteAsync(key);
        Assert.Empty(await Store.ListEventsAsync(key));
        await Store.CreateAsync(Dataset("churn"));
        Assert.Empty(await Store.ListEventsAsync(key));
    }

    [ContractFact]
    public async Task Concurrent_writers_of_one_object_each_win_at_most_once_per_version()
    {
        var v1 = (Dataset)await Store.CreateAsync(Dataset("churn"));
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await Store.UpdateStatusAsync(v1 with { Status = Rows(i) });
                return true;
            }
            catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict)
            {
                return false;
            }
        }));
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(won => won));
    }

    [ContractFact]
    public async Task Concurrent_creates_get_distinct_revisions_and_all_survive()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Store.CreateAsync(Dataset($"d{i}")))));
        var list = await Store.ListAsync("Dataset", Ns);
        Assert.Equal(40, list.Items.Count);
        Assert.Equal(40, list.Items.Select(o => o.Metadata.ResourceVersion).Distinct().Count());
    }
}
