using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Schema;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Kubernetes.Tests.Leadership;
using k8s;
using k8s.Models;
using static GitOpsMl.Kubernetes.Tests.Rbac.ServiceAccountClient;
using static GitOpsMl.Kubernetes.Tests.TestObjects;

namespace GitOpsMl.Kubernetes.Tests.Rbac;

/// <summary>
/// deploy/rbac-namespaced.yaml applied with `kubectl apply -n NS` to the real API server, then the calls of
/// `gitopsml operator --namespace NS` done as its ServiceAccount: the start-up check, the store, the Lease and a
/// Secret work in NS, and the same calls in another namespace, or cluster-wide, are refused.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NamespacedOperatorRbacTests(StoreCluster cluster)
{
    private const string Account = "gitopsml-operator";
    private static readonly string NamespacedFile = RepoFiles.Combine("deploy", "rbac-namespaced.yaml");
    private static readonly string ClusterFile = RepoFiles.Combine("deploy", "rbac.yaml");

    [Fact]
    public void The_role_has_the_cluster_roles_rules_and_no_object_names_a_namespace_so_kubectl_n_places_them()
    {
        var documents = RepoFiles.DocumentsOf(NamespacedFile);
        Assert.Equal(["Role", "RoleBinding", "ServiceAccount"], documents.Select(d => (string)d["kind"]!).Order());
        var role = documents.Single(d => (string?)d["kind"] == "Role");
        var clusterRole = RepoFiles.DocumentsOf(ClusterFile).Single(d => (string?)d["kind"] == "ClusterRole");
        Assert.True(JsonNode.DeepEquals(clusterRole["rules"], role["rules"]), "the Role's rules differ from the ClusterRole's");

        Assert.All(documents, d => Assert.Null(d["metadata"]!["namespace"]));
        var subject = Assert.Single(documents.Single(d => (string?)d["kind"] == "RoleBinding")["subjects"]!.AsArray());
        Assert.Equal(("ServiceAccount", Account, null), ((string?)subject!["kind"], (string?)subject["name"], (string?)subject["namespace"]));
    }

    [KubernetesFact(NeedsKubectl = true)]
    public async Task As_the_service_account_the_operator_works_in_its_namespace_and_is_refused_elsewhere()
    {
        var ns = await cluster.NewNamespaceAsync("rbacns");
        var other = await cluster.NewNamespaceAsync("rbacns-other");
        var applied = await Kubectl.RunAsync(cluster.ControlPlane.KubeconfigPath, ["apply", "-n", ns, "-f", NamespacedFile]);
        Assert.True(applied.ExitCode == 0, $"kubectl apply -n {ns} -f deploy/rbac-namespaced.yaml: {applied}");
        using var operatorClient = await AsAsync(cluster, ns, Account);

        // The start-up check with --namespace lists each kind in NS only, so it needs no cluster-wide read.
        Assert.Empty(await ServedKinds.MissingAsync(operatorClient, ns));
        var clusterWide = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => ServedKinds.MissingAsync(operatorClient, null));
        Assert.Contains("or run with --namespace", clusterWide.Message);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => ServedKinds.MissingAsync(operatorClient, other));

        // Every store call the reconcilers and the progress lines make, in NS.
        var store = new KubernetesObjectStore(operatorClient, new KubernetesStoreOptions { Namespace = ns });
        var created = (Dataset)await store.CreateAsync(Dataset(ns, "churn"));
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watched = store.WatchAsync("Dataset", long.Parse(created.Metadata.ResourceVersion!) - 1, watching.Token).GetAsyncEnumerator(watching.Token);
        Assert.True(await watched.MoveNextAsync());
        await watched.DisposeAsync();
        Assert.Single((await store.ListAsync("Dataset")).Items);
        var finalized = (Dataset)await store.UpdateAsync(created with { Metadata = created.Metadata with { Finalizers = ["gitopsml.io/test"] } });
        var withStatus = (Dataset)await store.UpdateStatusAsync(finalized with { Status = new DatasetStatus { RowCount = 10 } });
        var key = ObjectKey.Of(created);
        await store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Normal, "Validated", "10 rows"));
        await store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Normal, "Validated", "10 rows"));
        Assert.Equal(2, Assert.Single(await store.ListEventsAsync(key)).Count);
        var unfinalized = (Dataset)await store.UpdateAsync(withStatus with { Metadata = withStatus.Metadata with { Finalizers = null } });
        await store.DeleteAsync(ObjectKey.Of(unfinalized));
        Assert.Null(await store.GetAsync(key));

        // The Lease in NS, where the election puts it by default when --namespace is given.
        var leaseNamespace = LeaderElectionOptions.NamespaceFor(null, ns, podNamespaceFile: null);
        var clock = Stopwatch.StartNew();
        await using (var contender = Contender.Start(operatorClient, Contender.FastOptions(leaseNamespace, "gitopsml-operator", "as-namespaced-account"), clock))
        {
            await contender.WaitLeadingAsync(TimeSpan.FromSeconds(20));
            await contender.StopAsync();
            Assert.Contains("released the lease", contender.Log);
        }

        // A GitSource's Secret, by name, in NS.
        foreach (var where in new[] { ns, other })
        {
            await cluster.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "credentials" }, StringData = new Dictionary<string, string> { ["bearerToken"] = "v" } }, where);
        }
        var secret = await new KubernetesSecretReader(operatorClient).ReadAsync(ns, "credentials", CancellationToken.None);
        Assert.Equal("bearerToken", Assert.Single(secret!.Keys));

        // The same calls in another namespace, and the cluster-wide list and watch of all namespaces, are refused.
        var body = JsonSerializer.SerializeToElement(new { apiVersion = ApiGroup.ApiVersion, kind = "Dataset", metadata = new { name = "churn" }, spec = new { } });
        await AssertForbidden(() => operatorClient.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(ApiGroup.Group, ApiGroup.Version, other, "datasets"));
        await AssertForbidden(() => operatorClient.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(body, ApiGroup.Group, ApiGroup.Version, other, "datasets"));
        await AssertForbidden(() => operatorClient.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(ApiGroup.Group, ApiGroup.Version, other, "datasets", "churn"));
        await AssertForbidden(() => operatorClient.CustomObjects.ListCustomObjectForAllNamespacesAsync<JsonElement>(ApiGroup.Group, ApiGroup.Version, "datasets"));
        await AssertForbidden(async () =>
        {
            await foreach (var _ in operatorClient.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(ApiGroup.Group, ApiGroup.Version, "datasets", timeoutSeconds: 1))
            {
                break;
            }
        });
        await AssertForbidden(() => operatorClient.CoreV1.ListNamespacedEventAsync(other));
        await AssertForbidden(() => operatorClient.CoreV1.CreateNamespacedEventAsync(new Corev1Event { Metadata = new V1ObjectMeta { Name = "e" }, InvolvedObject = new V1ObjectReference { Name = "churn" } }, other));
        await AssertForbidden(() => operatorClient.CoordinationV1.ReadNamespacedLeaseAsync("gitopsml-operator", other));
        await AssertForbidden(() => operatorClient.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = "gitopsml-operator" } }, other));
        await AssertForbidden(() => operatorClient.CoreV1.ReadNamespacedSecretAsync("credentials", other));
    }
}
