using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Local.Store;

namespace GitOpsMl.Local.Tests.Store;

/// <summary>
/// What only the SQLite store has: one file shared by processes, restarts, compaction, a cascade it runs
/// itself (synchronously), and a namespace-less list over every namespace. The behaviour every backend
/// shares is in <see cref="GitOpsMl.Testing.Store.ObjectStoreContract"/> (<see cref="SqliteObjectStoreContractTests"/>).
/// </summary>
public sealed class SqliteObjectStoreTests : IDisposable
{
    private readonly StoreFixture _f = new();
    private SqliteObjectStore Store => _f.Store;

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task An_object_without_a_namespace_lives_in_default()
    {
        var created = await Store.CreateAsync(StoreFixture.Dataset("churn"));

        Assert.Equal("default", created.Metadata.Namespace);
        Assert.NotNull(await Store.GetAsync(ObjectKey.For("Dataset", "default", "churn")));
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
