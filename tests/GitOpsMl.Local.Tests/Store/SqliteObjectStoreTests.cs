using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Local.Store;

namespace GitOpsMl.Local.Tests.Store;

public sealed class SqliteObjectStoreTests : IDisposable
{
    private readonly StoreFixture _f = new();
    private SqliteObjectStore Store => _f.Store;

    public void Dispose() => _f.Dispose();

    private static DatasetStatus Rows(long n) => new() { RowCount = n };

    [Fact]
    public async Task Create_sets_uid_generation_one_creation_time_and_a_revision_and_ignores_status()
    {
        var created = await Store.CreateAsync(StoreFixture.Dataset("churn") with { Status = Rows(5) });

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(_f.Time.GetUtcNow(), created.Metadata.CreationTimestamp);
        Assert.Equal("default", created.Metadata.Namespace);
        Assert.Equal(Store.CurrentRevision().ToString(), created.Metadata.ResourceVersion);
        Assert.Null(((Dataset)created).Status);
        var read = (Dataset?)await Store.GetAsync(StoreFixture.Key("Dataset", "churn"));
        Assert.Equal("data.csv", read!.Spec.Source.Path);
    }

    [Fact]
    public async Task Create_of_an_existing_name_is_AlreadyExists_and_unknown_kinds_or_set_versions_are_Invalid()
    {
        await Store.CreateAsync(StoreFixture.Dataset("churn"));
        var e = await Assert.ThrowsAsync<StoreException>(() => Store.CreateAsync(StoreFixture.Dataset("churn")));
        Assert.Equal(StoreErrorKind.AlreadyExists, e.Kind);
        var withVersion = StoreFixture.Dataset("other") with { Metadata = new ObjectMeta { Name = "other", ResourceVersion = "3" } };
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => Store.CreateAsync(withVersion))).Kind);
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => Store.CreateAsync(StoreFixture.Dataset("")))).Kind);
    }

    [Fact]
    public async Task Resource_versions_are_one_global_increasing_revision_across_kinds_and_restarts()
    {
        var a = await Store.CreateAsync(StoreFixture.Dataset("a"));
        var m = await Store.CreateAsync(new Model { Metadata = new ObjectMeta { Name = "m" } });
        _f.Reopen();
        var b = await Store.CreateAsync(StoreFixture.Dataset("b"));
        var versions = new[] { a, m, b }.Select(o => long.Parse(o.Metadata.ResourceVersion!)).ToList();
        Assert.Equal(versions.Order().Distinct(), versions);
        Assert.Equal(versions[^1], Store.CurrentRevision());
    }

    [Fact]
    public async Task A_write_with_a_stale_resource_version_is_a_Conflict_and_one_without_a_version_is_Invalid()
    {
        var v1 = (Dataset)await Store.CreateAsync(StoreFixture.Dataset("churn"));
        await Store.UpdateAsync(v1 with { Spec = v1.Spec with { Sha256 = new string('a', 64) } });

        var stale = await Assert.ThrowsAsync<StoreException>(() => Store.UpdateAsync(v1 with { Spec = v1.Spec with { Format = DataFormat.Csv } }));
        Assert.Equal(StoreErrorKind.Conflict, stale.Kind);
        var staleStatus = await Assert.ThrowsAsync<StoreException>(() => Store.UpdateStatusAsync(v1 with { Status = Rows(1) }));
        Assert.Equal(StoreErrorKind.Conflict, staleStatus.Kind);
        var unversioned = v1 with { Metadata = v1.Metadata with { ResourceVersion = null } };
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => Store.UpdateAsync(unversioned))).Kind);
    }

    [Fact]
    public async Task Generation_moves_on_spec_changes_only()
    {
        var v1 = (Dataset)await Store.CreateAsync(StoreFixture.Dataset("churn"));
        var labelled = (Dataset)await Store.UpdateAsync(v1 with { Metadata = v1.Metadata with { Labels = new() { ["team"] = "ml" } } });
        Assert.Equal(1, labelled.Metadata.Generation);
        Assert.NotEqual(v1.Metadata.ResourceVersion, labelled.Metadata.ResourceVersion);

        var withStatus = (Dataset)await Store.UpdateStatusAsync(labelled with { Status = Rows(10) });
        Assert.Equal(1, withStatus.Metadata.Generation);

        var respecced = (Dataset)await Store.UpdateAsync(withStatus with { Spec = withStatus.Spec with { Source = new DatasetSource { Path = "other.csv" } } });
        Assert.Equal(2, respecced.Metadata.Generation);
    }

    [Fact]
    public async Task A_spec_write_never_changes_status_and_a_status_write_never_changes_spec_or_metadata()
    {
        var v1 = (Dataset)await Store.CreateAsync(StoreFixture.Dataset("churn"));
        var v2 = (Dataset)await Store.UpdateStatusAsync(v1 with { Status = Rows(10) });

        var v3 = (Dataset)await Store.UpdateAsync(v2 with { Status = Rows(999), Spec = v2.Spec with { Format = DataFormat.Csv } });
        Assert.Equal(10, v3.Status!.RowCount);
        Assert.Equal(DataFormat.Csv, v3.Spec.Format);

        var v4 = (Dataset)await Store.UpdateStatusAsync(v3 with
        {
            Status = Rows(20),
            Spec = v3.Spec with { Format = DataFormat.Parquet },
            Metadata = v3.Metadata with { Labels = new() { ["x"] = "y" }, Generation = 42 },
        });
        Assert.Equal(20, v4.Status!.RowCount);
        Assert.Equal(DataFormat.Csv, v4.Spec.Format);
        Assert.Null(v4.Metadata.Labels);
        Assert.Equal(2, v4.Metadata.Generation);
    }

    [Fact]
    public async Task A_write_that_changes_nothing_makes_no_revision()
    {
        var v1 = (Dataset)await Store.CreateAsync(StoreFixture.Dataset("churn"));
        var v2 = await Store.UpdateStatusAsync(v1 with { Status = Rows(10) });
        var before = Store.CurrentRevision();

        var same = await Store.UpdateStatusAsync(v2);
        var sameSpec = await Store.UpdateAsync(v2);

        Assert.Equal(before, Store.CurrentRevision());
        Assert.Equal(v2.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
        Assert.Equal(v2.Metadata.ResourceVersion, sameSpec.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Delete_removes_the_object_and_a_missing_one_is_NotFound()
    {
        await Store.CreateAsync(StoreFixture.Dataset("churn"));
        await Store.DeleteAsync(StoreFixture.Key("Dataset", "churn"));
        Assert.Null(await Store.GetAsync(StoreFixture.Key("Dataset", "churn")));
        var e = await Assert.ThrowsAsync<StoreException>(() => Store.DeleteAsync(StoreFixture.Key("Dataset", "churn")));
        Assert.Equal(StoreErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public async Task Delete_with_finalizers_marks_the_object_and_removing_the_last_finalizer_deletes_it()
    {
        var key = StoreFixture.Key("Dataset", "churn");
        await Store.CreateAsync(StoreFixture.Dataset("churn") with { Metadata = new ObjectMeta { Name = "churn", Finalizers = ["a", "b"] } });

        await Store.DeleteAsync(key);
        var marked = (await Store.GetAsync(key))!;
        Assert.Equal(_f.Time.GetUtcNow(), marked.Metadata.DeletionTimestamp);
        var revision = Store.CurrentRevision();
        await Store.DeleteAsync(key);
        Assert.Equal(revision, Store.CurrentRevision());

        var oneLeft = await Store.UpdateAsync(marked with { Metadata = marked.Metadata with { Finalizers = ["b"] } });
        Assert.NotNull(await Store.GetAsync(key));
        Assert.NotNull(oneLeft.Metadata.DeletionTimestamp);

        await Store.UpdateAsync(oneLeft with { Metadata = oneLeft.Metadata with { Finalizers = [] } });
        Assert.Null(await Store.GetAsync(key));
    }

    private async Task<(CustomResource Model, ModelVersion Version)> ModelWithVersion(string versionName, params string[] finalizers)
    {
        var model = await Store.GetAsync(StoreFixture.Key("Model", "churn")) ?? await Store.CreateAsync(new Model { Metadata = new ObjectMeta { Name = "churn" } });
        var owner = new OwnerReference(model.ApiVersion, "Model", "churn", model.Metadata.Uid!) { Controller = true };
        var version = (ModelVersion)await Store.CreateAsync(new ModelVersion
        {
            Metadata = new ObjectMeta { Name = versionName, OwnerReferences = [owner], Finalizers = finalizers.Length > 0 ? [.. finalizers] : null },
        });
        return (model, version);
    }

    [Fact]
    public async Task Deleting_an_owner_deletes_what_it_owns_and_marks_owned_objects_that_have_finalizers()
    {
        await ModelWithVersion("churn-v1");
        await ModelWithVersion("churn-v2", "gitopsml.io/artifacts");

        await Store.DeleteAsync(StoreFixture.Key("Model", "churn"));

        Assert.Null(await Store.GetAsync(StoreFixture.Key("ModelVersion", "churn-v1")));
        var v2 = await Store.GetAsync(StoreFixture.Key("ModelVersion", "churn-v2"));
        Assert.NotNull(v2!.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task An_owned_object_with_another_living_owner_stays()
    {
        var (_, version) = await ModelWithVersion("churn-v1");
        var other = await Store.CreateAsync(new Model { Metadata = new ObjectMeta { Name = "other" } });
        await Store.UpdateAsync(version with
        {
            Metadata = version.Metadata with
            {
                OwnerReferences = [.. version.Metadata.OwnerReferences!, new OwnerReference(other.ApiVersion, "Model", "other", other.Metadata.Uid!)],
            },
        });

        await Store.DeleteAsync(StoreFixture.Key("Model", "churn"));
        Assert.NotNull(await Store.GetAsync(StoreFixture.Key("ModelVersion", "churn-v1")));
        await Store.DeleteAsync(StoreFixture.Key("Model", "other"));
        Assert.Null(await Store.GetAsync(StoreFixture.Key("ModelVersion", "churn-v1")));
    }

    [Fact]
    public async Task List_returns_one_kind_in_a_namespace_or_all_with_the_revision_it_was_read_at()
    {
        await Store.CreateAsync(StoreFixture.Dataset("a"));
        await Store.CreateAsync(StoreFixture.Dataset("b", ns: "team"));
        await Store.CreateAsync(new Model { Metadata = new ObjectMeta { Name = "m" } });

        var all = await Store.ListAsync("Dataset");
        Assert.Equal(["a", "b"], all.Items.Select(o => o.Metadata.Name).Order());
        Assert.Equal(Store.CurrentRevision(), all.Revision);
        Assert.Equal(["b"], (await Store.ListAsync("Dataset", "team")).Items.Select(o => o.Metadata.Name));
    }

    [Fact]
    public async Task A_watch_replays_changes_after_its_revision_then_follows_live_ones_of_its_kind()
    {
        var a = (Dataset)await Store.CreateAsync(StoreFixture.Dataset("a"));
        var from = Store.CurrentRevision();
        await Store.UpdateStatusAsync(a with { Status = Rows(1) });
        await Store.CreateAsync(new Model { Metadata = new ObjectMeta { Name = "m" } });

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<WatchEvent>();
        await using var watch = Store.WatchAsync("Dataset", from, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);

        var next = watch.MoveNextAsync();
        await Store.CreateAsync(StoreFixture.Dataset("b"));
        await Store.DeleteAsync(StoreFixture.Key("Dataset", "a"));
        Assert.True(await next);
        seen.Add(watch.Current);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);

        Assert.Equal([WatchEventType.Modified, WatchEventType.Added, WatchEventType.Deleted], seen.Select(e => e.Type));
        Assert.Equal(["a", "b", "a"], seen.Select(e => e.Object.Metadata.Name));
        Assert.Equal(seen.Select(e => e.Revision).Order(), seen.Select(e => e.Revision));
        Assert.All(seen, e => Assert.Equal(e.Revision.ToString(), e.Object.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task A_watch_sees_writes_made_by_another_process_on_the_same_file()
    {
        using var other = new SqliteObjectStore(_f.Path, _f.Time, _f.Options);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var watch = Store.WatchAsync("Dataset", Store.CurrentRevision(), cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync();

        await other.CreateAsync(StoreFixture.Dataset("from-cli"));

        Assert.True(await next);
        Assert.Equal("from-cli", watch.Current.Object.Metadata.Name);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_revision_is_Expired_and_one_from_a_kept_revision_replays()
    {
        _f.Reopen();
        using var small = new SqliteObjectStore(_f.Path, _f.Time, _f.Options with { KeepRevisions = 3, CompactEvery = 0 });
        for (var i = 0; i < 6; i++) await small.CreateAsync(StoreFixture.Dataset($"d{i}"));
        var cut = await small.CompactAsync();
        Assert.Equal(3, cut);

        var e = await Assert.ThrowsAsync<StoreException>(async () =>
        {
            await foreach (var _ in small.WatchAsync(null, 2)) { }
        });
        Assert.Equal(StoreErrorKind.Expired, e.Kind);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var replayed = new List<long>();
        await foreach (var w in small.WatchAsync(null, 3, cts.Token))
        {
            replayed.Add(w.Revision);
            if (replayed.Count == 3) break;
        }
        Assert.Equal([4L, 5L, 6L], replayed);
    }

    [Fact]
    public async Task The_log_compacts_itself_as_it_grows()
    {
        _f.Reopen();
        using var small = new SqliteObjectStore(_f.Path, _f.Time, _f.Options with { KeepRevisions = 5, CompactEvery = 5 });
        for (var i = 0; i < 12; i++) await small.CreateAsync(StoreFixture.Dataset($"d{i}"));
        Assert.True(small.CompactedRevision() >= 5, $"compacted at {small.CompactedRevision()}");
        Assert.True(small.CurrentRevision() - small.CompactedRevision() >= 5);
    }

    [Fact]
    public async Task Repeated_events_are_counted_not_duplicated_and_go_with_their_object()
    {
        var key = StoreFixture.Key("Dataset", "churn");
        await Store.CreateAsync(StoreFixture.Dataset("churn"));
        var first = _f.Time.GetUtcNow();
        await Store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Warning, "InvalidData", "column age: 3 nulls") { FirstTimestamp = first, LastTimestamp = first });
        _f.Time.Advance(TimeSpan.FromMinutes(1));
        var later = _f.Time.GetUtcNow();
        await Store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Warning, "InvalidData", "column age: 3 nulls") { FirstTimestamp = later, LastTimestamp = later });
        await Store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Normal, "Succeeded", "validated"));

        var events = await Store.ListEventsAsync(key);
        Assert.Equal(2, events.Count);
        var repeated = events.Single(e => e.Reason == "InvalidData");
        Assert.Equal(2, repeated.Count);
        Assert.Equal(first, repeated.FirstTimestamp);
        Assert.Equal(later, repeated.LastTimestamp);

        await Store.DeleteAsync(key);
        Assert.Empty(await Store.ListEventsAsync(key));
    }

    [Fact]
    public async Task Concurrent_writers_of_one_object_each_win_at_most_once_per_version()
    {
        var v1 = (Dataset)await Store.CreateAsync(StoreFixture.Dataset("churn"));
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try { await Store.UpdateStatusAsync(v1 with { Status = Rows(i) }); return true; }
            catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict) { return false; }
        }));
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(won => won));
    }

    [Fact]
    public async Task Concurrent_creates_get_distinct_revisions_and_all_survive()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Store.CreateAsync(StoreFixture.Dataset($"d{i}")))));
        var list = await Store.ListAsync("Dataset");
        Assert.Equal(40, list.Items.Count);
        Assert.Equal(40, list.Items.Select(o => o.Metadata.ResourceVersion).Distinct().Count());
    }

    [Fact]
    public async Task Reopening_the_file_after_an_unclean_stop_keeps_every_committed_write()
    {
        // No Dispose: the instance is abandoned with pooled connections open, as in a crash.
        var abandoned = new SqliteObjectStore(_f.Path, _f.Time, _f.Options);
        for (var i = 0; i < 20; i++) await abandoned.CreateAsync(StoreFixture.Dataset($"d{i}"));
        var revision = abandoned.CurrentRevision();

        using var reopened = new SqliteObjectStore(_f.Path, _f.Time, _f.Options);
        Assert.Equal(revision, reopened.CurrentRevision());
        Assert.Equal(20, (await reopened.ListAsync("Dataset")).Items.Count);
    }
}
