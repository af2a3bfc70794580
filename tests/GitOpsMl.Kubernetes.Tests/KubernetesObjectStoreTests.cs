using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Schema;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Testing.Kubernetes;
using k8s;
using WatchEventType = GitOpsMl.Controllers.Store.WatchEventType;
using Microsoft.Extensions.Time.Testing;
using static GitOpsMl.Kubernetes.Tests.TestObjects;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>
/// The store's contract (as the SQLite store's tests state it) on a real kube-apiserver: here the
/// server, not our code, keeps revisions, generation, the status subresource and finalizers.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KubernetesObjectStoreTests(StoreCluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static DatasetStatus Rows(long n) => new() { RowCount = n };

    private async Task<(KubernetesObjectStore Store, string Ns)> NewStoreAsync(string prefix, TimeSpan? watchTimeout = null)
    {
        var ns = await cluster.NewNamespaceAsync(prefix);
        return (cluster.Store(ns, watchTimeout: watchTimeout), ns);
    }

    private static long Revision(CustomResource o) => long.Parse(o.Metadata.ResourceVersion!);

    [KubernetesFact]
    public async Task Create_sets_uid_generation_one_creation_time_and_a_revision_and_ignores_status()
    {
        var (store, ns) = await NewStoreAsync("create");
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        var created = (Dataset)await store.CreateAsync(Dataset(ns, "churn") with { Status = Rows(5) });

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(1, created.Metadata.Generation);
        Assert.InRange(created.Metadata.CreationTimestamp!.Value, before, DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Equal(ns, created.Metadata.Namespace);
        Assert.True(Revision(created) > 0);
        Assert.Null(created.Status);
        var read = (Dataset?)await store.GetAsync(Key("Dataset", ns, "churn"));
        Assert.Equal("data.csv", read!.Spec.Source.Path);
        Assert.Null(await store.GetAsync(Key("Dataset", ns, "absent")));
    }

    [KubernetesFact]
    public async Task Every_example_object_round_trips_through_the_typed_records_without_losing_a_field()
    {
        var (store, ns) = await NewStoreAsync("roundtrip");
        var examples = Directory.EnumerateFiles(RepoFiles.Combine("examples"), "*.yaml", SearchOption.AllDirectories)
            .SelectMany(RepoFiles.DocumentsOf)
            .Where(d => d["apiVersion"]?.GetValue<string>() == ApiGroup.ApiVersion)
            .ToList();
        Assert.NotEmpty(examples);

        foreach (var doc in examples)
        {
            var kind = KindRegistry.Find(doc["kind"]!.GetValue<string>())!;
            var typed = (CustomResource)doc.Deserialize(kind.ClrType, ApiJson.Options)!;
            var sent = typed with { Metadata = typed.Metadata with { Name = typed.Metadata.Name + "-" + Guid.NewGuid().ToString("N")[..6], Namespace = ns } };
            var created = await store.CreateAsync(sent);

            // What the server holds (with its CRD defaults applied) is exactly what the typed record carries...
            var raw = JsonNode.Parse(KubernetesJson.Serialize(await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync(
                ApiGroup.Group, ApiGroup.Version, ns, kind.Plural, created.Metadata.Name)))!;
            var typedJson = JsonSerializer.SerializeToNode(created, created.GetType(), ApiJson.Options)!;
            Assert.True(JsonNode.DeepEquals(raw["spec"], typedJson["spec"]),
                $"{kind.Kind} {typed.Metadata.Name}: the server holds\n{raw["spec"]}\nthe record carries\n{typedJson["spec"]}");
            // ...so writing the record back changes nothing.
            var rewritten = await store.UpdateAsync(created);
            Assert.Equal(created.Metadata.ResourceVersion, rewritten.Metadata.ResourceVersion);
        }
    }

    [KubernetesFact]
    public async Task Create_of_an_existing_name_is_AlreadyExists_and_set_versions_empty_names_or_unknown_kinds_are_Invalid()
    {
        var (store, ns) = await NewStoreAsync("exists");
        await store.CreateAsync(Dataset(ns, "churn"));

        var e = await Assert.ThrowsAsync<StoreException>(() => store.CreateAsync(Dataset(ns, "churn")));
        Assert.Equal(StoreErrorKind.AlreadyExists, e.Kind);
        var withVersion = Dataset(ns, "other") with { Metadata = new ObjectMeta { Name = "other", Namespace = ns, ResourceVersion = "3" } };
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => store.CreateAsync(withVersion))).Kind);
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => store.CreateAsync(Dataset(ns, "")))).Kind);
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => store.ListAsync("Pod"))).Kind);
    }

    [KubernetesFact]
    public async Task A_spec_the_server_refuses_is_Invalid_with_its_message_and_the_field_paths()
    {
        var (store, ns) = await NewStoreAsync("invalid");
        var wrong = Dataset(ns, "churn") with { Spec = Dataset(ns, "churn").Spec with { Schema = [] } };

        var e = await Assert.ThrowsAsync<StoreException>(() => store.CreateAsync(wrong));

        Assert.Equal(StoreErrorKind.Invalid, e.Kind);
        Assert.Equal(Key("Dataset", ns, "churn"), e.Key);
        Assert.Contains("spec.schema", e.Message);
        Assert.Contains(e.Fields, f => f.Field == "spec.schema");
    }

    [KubernetesFact]
    public async Task A_write_with_a_stale_resource_version_is_a_Conflict_and_one_without_a_version_is_Invalid()
    {
        var (store, ns) = await NewStoreAsync("conflict");
        var v1 = (Dataset)await store.CreateAsync(Dataset(ns, "churn"));
        await store.UpdateAsync(v1 with { Spec = v1.Spec with { Sha256 = new string('a', 64) } });

        var stale = await Assert.ThrowsAsync<StoreException>(() => store.UpdateAsync(v1 with { Spec = v1.Spec with { Format = DataFormat.Csv } }));
        Assert.Equal(StoreErrorKind.Conflict, stale.Kind);
        var staleStatus = await Assert.ThrowsAsync<StoreException>(() => store.UpdateStatusAsync(v1 with { Status = Rows(1) }));
        Assert.Equal(StoreErrorKind.Conflict, staleStatus.Kind);
        var unversioned = v1 with { Metadata = v1.Metadata with { ResourceVersion = null } };
        Assert.Equal(StoreErrorKind.Invalid, (await Assert.ThrowsAsync<StoreException>(() => store.UpdateAsync(unversioned))).Kind);
        var gone = await Assert.ThrowsAsync<StoreException>(() => store.UpdateAsync(Dataset(ns, "absent") with
        {
            Metadata = new ObjectMeta { Name = "absent", Namespace = ns, ResourceVersion = v1.Metadata.ResourceVersion },
        }));
        Assert.Equal(StoreErrorKind.NotFound, gone.Kind);
    }

    [KubernetesFact]
    public async Task Generation_moves_on_spec_changes_only()
    {
        var (store, ns) = await NewStoreAsync("generation");
        var v1 = (Dataset)await store.CreateAsync(Dataset(ns, "churn"));
        var labelled = (Dataset)await store.UpdateAsync(v1 with { Metadata = v1.Metadata with { Labels = new() { ["team"] = "ml" } } });
        Assert.Equal(1, labelled.Metadata.Generation);
        Assert.NotEqual(v1.Metadata.ResourceVersion, labelled.Metadata.ResourceVersion);

        var withStatus = (Dataset)await store.UpdateStatusAsync(labelled with { Status = Rows(10) });
        Assert.Equal(1, withStatus.Metadata.Generation);

        var respecced = (Dataset)await store.UpdateAsync(withStatus with { Spec = withStatus.Spec with { Source = new DatasetSource { Path = "other.csv" } } });
        Assert.Equal(2, respecced.Metadata.Generation);
    }

    [KubernetesFact]
    public async Task A_spec_write_never_changes_status_and_a_status_write_never_changes_spec_or_metadata()
    {
        var (store, ns) = await NewStoreAsync("status");
        var v1 = (Dataset)await store.CreateAsync(Dataset(ns, "churn"));
        var v2 = (Dataset)await store.UpdateStatusAsync(v1 with { Status = Rows(10) });

        // Parquet, not Csv: the CRD defaults format to csv, so writing csv would change no spec on a real server.
        var v3 = (Dataset)await store.UpdateAsync(v2 with { Status = Rows(999), Spec = v2.Spec with { Format = DataFormat.Parquet } });
        Assert.Equal(10, v3.Status!.RowCount);
        Assert.Equal(DataFormat.Parquet, v3.Spec.Format);

        var v4 = (Dataset)await store.UpdateStatusAsync(v3 with
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

    [KubernetesFact]
    public async Task A_write_that_changes_nothing_makes_no_revision()
    {
        var (store, ns) = await NewStoreAsync("noop");
        var v1 = (Dataset)await store.CreateAsync(Dataset(ns, "churn"));
        var v2 = await store.UpdateStatusAsync(v1 with { Status = Rows(10) });

        var same = await store.UpdateStatusAsync(v2);
        var sameSpec = await store.UpdateAsync(v2);

        Assert.Equal(v2.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
        Assert.Equal(v2.Metadata.ResourceVersion, sameSpec.Metadata.ResourceVersion);
    }

    [KubernetesFact]
    public async Task Delete_removes_the_object_and_a_missing_one_is_NotFound()
    {
        var (store, ns) = await NewStoreAsync("delete");
        await store.CreateAsync(Dataset(ns, "churn"));
        await store.DeleteAsync(Key("Dataset", ns, "churn"));
        Assert.Null(await store.GetAsync(Key("Dataset", ns, "churn")));
        var e = await Assert.ThrowsAsync<StoreException>(() => store.DeleteAsync(Key("Dataset", ns, "churn")));
        Assert.Equal(StoreErrorKind.NotFound, e.Kind);
    }

    [KubernetesFact]
    public async Task Delete_with_finalizers_marks_the_object_and_removing_the_last_finalizer_deletes_it()
    {
        var (store, ns) = await NewStoreAsync("finalizers");
        var key = Key("Dataset", ns, "churn");
        var dataset = Dataset(ns, "churn");
        await store.CreateAsync(dataset with { Metadata = dataset.Metadata with { Finalizers = ["gitopsml.io/a", "gitopsml.io/b"] } });

        await store.DeleteAsync(key);
        var marked = (await store.GetAsync(key))!;
        Assert.NotNull(marked.Metadata.DeletionTimestamp);
        await store.DeleteAsync(key);
        Assert.Equal(marked.Metadata.ResourceVersion, (await store.GetAsync(key))!.Metadata.ResourceVersion);

        var oneLeft = await store.UpdateAsync(marked with { Metadata = marked.Metadata with { Finalizers = ["gitopsml.io/b"] } });
        Assert.NotNull(await store.GetAsync(key));
        Assert.NotNull(oneLeft.Metadata.DeletionTimestamp);

        await store.UpdateAsync(oneLeft with { Metadata = oneLeft.Metadata with { Finalizers = [] } });
        Assert.Null(await store.GetAsync(key));
    }

    private static async Task<(CustomResource Model, ModelVersion Version)> ModelWithVersion(IObjectStore store, string ns, string versionName, params string[] finalizers)
    {
        var model = await store.GetAsync(Key("Model", ns, "churn")) ?? await store.CreateAsync(Model(ns, "churn"));
        var owner = new OwnerReference(model.ApiVersion, "Model", "churn", model.Metadata.Uid!) { Controller = true };
        var version = (ModelVersion)await store.CreateAsync(ModelVersion(ns, versionName, owner, finalizers));
        return (model, version);
    }

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

    [KubernetesFact]
    public async Task Deleting_an_owner_deletes_what_it_owns_and_marks_owned_objects_that_have_finalizers_through_the_garbage_collector()
    {
        await cluster.ControlPlane.StartControllerManagerAsync();
        var (store, ns) = await NewStoreAsync("cascade");
        await ModelWithVersion(store, ns, "churn-v1");
        await ModelWithVersion(store, ns, "churn-v2", "gitopsml.io/artifacts");

        await store.DeleteAsync(Key("Model", ns, "churn"));

        Assert.Null(await store.GetAsync(Key("Model", ns, "churn")));
        await Eventually(async () => await store.GetAsync(Key("ModelVersion", ns, "churn-v1")) is null, "the garbage collector deletes churn-v1");
        await Eventually(async () => (await store.GetAsync(Key("ModelVersion", ns, "churn-v2")))?.Metadata.DeletionTimestamp is not null,
            "churn-v2 is marked for deletion and waits for its finalizer");
    }

    [KubernetesFact]
    public async Task An_owned_object_with_another_living_owner_stays()
    {
        await cluster.ControlPlane.StartControllerManagerAsync();
        var (store, ns) = await NewStoreAsync("owners");
        var (_, version) = await ModelWithVersion(store, ns, "churn-v1");
        var other = await store.CreateAsync(Model(ns, "other"));
        await store.UpdateAsync(version with
        {
            Metadata = version.Metadata with
            {
                OwnerReferences = [.. version.Metadata.OwnerReferences!, new OwnerReference(other.ApiVersion, "Model", "other", other.Metadata.Uid!)],
            },
        });

        await store.DeleteAsync(Key("Model", ns, "churn"));
        // The collector needs a moment to act at all: give it one, then the version must still be there.
        await Eventually(async () => (await store.GetAsync(Key("ModelVersion", ns, "churn-v1")))?.Metadata.OwnerReferences?.Count == 1,
            "the collector drops the dead owner's reference");
        Assert.NotNull(await store.GetAsync(Key("ModelVersion", ns, "churn-v1")));
        await store.DeleteAsync(Key("Model", ns, "other"));
        await Eventually(async () => await store.GetAsync(Key("ModelVersion", ns, "churn-v1")) is null, "the last owner's deletion cascades");
    }

    [KubernetesFact]
    public async Task List_returns_one_kind_in_a_namespace_or_in_the_store_scope_with_the_revision_it_was_read_at()
    {
        var (store, ns) = await NewStoreAsync("list");
        var team = await cluster.NewNamespaceAsync("team");
        await store.CreateAsync(Dataset(ns, "a"));
        await store.CreateAsync(Dataset(team, "b"));
        var last = await store.CreateAsync(Model(ns, "m"));

        var scoped = await store.ListAsync("Dataset");
        Assert.Equal(["a"], scoped.Items.Select(o => o.Metadata.Name));
        Assert.True(scoped.Revision >= Revision(last), $"list revision {scoped.Revision} is before the last write {Revision(last)}");
        Assert.Equal(["b"], (await store.ListAsync("Dataset", team)).Items.Select(o => o.Metadata.Name));

        var everywhere = await new KubernetesObjectStore(cluster.Client).ListAsync("Dataset");
        Assert.Contains(everywhere.Items, o => o.Metadata.Name == "a" && o.Metadata.Namespace == ns);
        Assert.Contains(everywhere.Items, o => o.Metadata.Name == "b" && o.Metadata.Namespace == team);
    }

    [KubernetesFact]
    public async Task A_watch_replays_changes_after_its_revision_then_follows_live_ones_of_its_kind()
    {
        var (store, ns) = await NewStoreAsync("watch");
        var a = (Dataset)await store.CreateAsync(Dataset(ns, "a"));
        var from = Revision(a);
        await store.UpdateStatusAsync(a with { Status = Rows(1) });
        await store.CreateAsync(Model(ns, "m"));

        using var cts = new CancellationTokenSource(Patience);
        var seen = new List<WatchEvent>();
        await using var watch = store.WatchAsync("Dataset", from, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);

        var next = watch.MoveNextAsync();
        await store.CreateAsync(Dataset(ns, "b"));
        await store.DeleteAsync(Key("Dataset", ns, "a"));
        Assert.True(await next);
        seen.Add(watch.Current);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);

        Assert.Equal([WatchEventType.Modified, WatchEventType.Added, WatchEventType.Deleted], seen.Select(e => e.Type));
        Assert.Equal(["a", "b", "a"], seen.Select(e => e.Object.Metadata.Name));
        Assert.Equal(seen.Select(e => e.Revision).Order(), seen.Select(e => e.Revision));
        Assert.All(seen, e => Assert.Equal(e.Revision.ToString(), e.Object.Metadata.ResourceVersion));
    }

    [KubernetesFact]
    public async Task A_watch_the_server_ends_at_its_timeout_reconnects_from_the_last_revision_and_misses_nothing()
    {
        var (store, ns) = await NewStoreAsync("reconnect", watchTimeout: TimeSpan.FromSeconds(1));
        var first = await store.CreateAsync(Dataset(ns, "first"));

        using var cts = new CancellationTokenSource(Patience);
        await using var watch = store.WatchAsync("Dataset", Revision(first), cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync();
        // Several server timeouts pass with nothing to report, then changes come.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await store.CreateAsync(Dataset(ns, "second"));
        Assert.True(await next);
        Assert.Equal("second", watch.Current.Object.Metadata.Name);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await store.CreateAsync(Dataset(ns, "third"));
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("third", watch.Current.Object.Metadata.Name);
    }

    [KubernetesFact]
    public async Task A_watch_of_every_kind_sees_changes_of_each_kind()
    {
        var (store, ns) = await NewStoreAsync("allkinds");
        var start = (await store.ListAsync("Dataset")).Revision;
        using var cts = new CancellationTokenSource(Patience);
        await using var watch = store.WatchAsync(null, start, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = watch.MoveNextAsync();

        await store.CreateAsync(Dataset(ns, "d"));
        await store.CreateAsync(Model(ns, "m"));

        var seen = new List<string>();
        Assert.True(await next);
        seen.Add(watch.Current.Object.Kind + "/" + watch.Current.Object.Metadata.Name);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current.Object.Kind + "/" + watch.Current.Object.Metadata.Name);
        Assert.Equal(["Dataset/d", "Model/m"], seen.Order());
    }

    [KubernetesFact]
    public async Task A_watch_from_a_revision_older_than_the_server_keeps_is_Expired()
    {
        var (store, ns) = await NewStoreAsync("expired");
        await store.CreateAsync(Dataset(ns, "a"));

        // Revision 1 predates this server's CRDs: neither its watch cache nor etcd's history can replay from it.
        using var cts = new CancellationTokenSource(Patience);
        var e = await Assert.ThrowsAsync<StoreException>(async () =>
        {
            await foreach (var _ in store.WatchAsync("Dataset", 1, cts.Token))
            {
            }
        });
        Assert.Equal(StoreErrorKind.Expired, e.Kind);
    }

    [KubernetesFact]
    public async Task Repeated_events_are_counted_not_duplicated_and_go_with_their_object()
    {
        var ns = await cluster.NewNamespaceAsync("events");
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var store = cluster.Store(ns, time);
        var key = Key("Dataset", ns, "churn");
        await store.CreateAsync(Dataset(ns, "churn"));
        var first = time.GetUtcNow();
        await store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Warning, "InvalidData", "column age: 3 nulls") { FirstTimestamp = first, LastTimestamp = first });
        time.Advance(TimeSpan.FromMinutes(1).Add(TimeSpan.FromMilliseconds(250)));
        var later = time.GetUtcNow();
        await store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Warning, "InvalidData", "column age: 3 nulls") { FirstTimestamp = later, LastTimestamp = later });
        time.Advance(TimeSpan.FromSeconds(1));
        await store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Normal, "Succeeded", "validated"));

        var events = await store.ListEventsAsync(key);
        Assert.Equal(["InvalidData", "Succeeded"], events.Select(e => e.Reason));
        var repeated = events[0];
        Assert.Equal(2, repeated.Count);
        Assert.Equal(first, repeated.FirstTimestamp);
        Assert.Equal(later, repeated.LastTimestamp);

        // kubectl describe reads the same core/v1 Event, counted.
        var raw = Assert.Single((await cluster.Client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "reason=InvalidData")).Items);
        Assert.Equal(2, raw.Count);
        Assert.Equal("Dataset", raw.InvolvedObject.Kind);
        Assert.Equal(ApiGroup.ApiVersion, raw.InvolvedObject.ApiVersion);

        await store.DeleteAsync(key);
        Assert.Empty(await store.ListEventsAsync(key));
        await store.CreateAsync(Dataset(ns, "churn"));
        Assert.Empty(await store.ListEventsAsync(key));
    }

    [KubernetesFact]
    public async Task Concurrent_writers_of_one_object_each_win_at_most_once_per_version()
    {
        var (store, ns) = await NewStoreAsync("race");
        var v1 = (Dataset)await store.CreateAsync(Dataset(ns, "churn"));
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.UpdateStatusAsync(v1 with { Status = Rows(i) });
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

    [KubernetesFact]
    public async Task Concurrent_creates_get_distinct_revisions_and_all_survive()
    {
        var (store, ns) = await NewStoreAsync("creates");
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => store.CreateAsync(Dataset(ns, $"d{i}")))));
        var list = await store.ListAsync("Dataset");
        Assert.Equal(20, list.Items.Count);
        Assert.Equal(20, list.Items.Select(o => o.Metadata.ResourceVersion).Distinct().Count());
    }
}
