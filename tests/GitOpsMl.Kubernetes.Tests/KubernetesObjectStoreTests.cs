using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Schema;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Testing.Kubernetes;
using k8s;
using static GitOpsMl.Kubernetes.Tests.TestObjects;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>
/// What only the Kubernetes store has, on a real kube-apiserver: CRD schemas and defaults, the garbage
/// collector's cascade, a store scoped to one namespace, server watch timeouts and expiry, core/v1 Events.
/// The behaviour every backend shares is in <see cref="GitOpsMl.Testing.Store.ObjectStoreContract"/> (<see cref="KubernetesObjectStoreContractTests"/>).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KubernetesObjectStoreTests(StoreCluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task<(KubernetesObjectStore Store, string Ns)> NewStoreAsync(string prefix, TimeSpan? watchTimeout = null)
    {
        var ns = await cluster.NewNamespaceAsync(prefix);
        return (cluster.Store(ns, watchTimeout: watchTimeout), ns);
    }

    private static long Revision(CustomResource o) => long.Parse(o.Metadata.ResourceVersion!);

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
    public async Task Events_are_counted_core_v1_Events_that_kubectl_describe_reads()
    {
        var (store, ns) = await NewStoreAsync("events");
        var key = Key("Dataset", ns, "churn");
        await store.CreateAsync(Dataset(ns, "churn"));
        await store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Warning, "InvalidData", "column age: 3 nulls"));
        await store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Warning, "InvalidData", "column age: 3 nulls"));

        var raw = Assert.Single((await cluster.Client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "reason=InvalidData")).Items);
        Assert.Equal(2, raw.Count);
        Assert.Equal("Dataset", raw.InvolvedObject.Kind);
        Assert.Equal(ApiGroup.ApiVersion, raw.InvolvedObject.ApiVersion);
    }
}
