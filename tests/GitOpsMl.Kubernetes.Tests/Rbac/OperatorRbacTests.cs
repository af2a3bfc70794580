using System.Diagnostics;
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
/// deploy/rbac.yaml applied with kubectl to the real API server (RBAC authorization), then every call the
/// operator makes done as its ServiceAccount, with a token from the TokenRequest API as a pod would
/// mount: what the operator does is allowed, and what it does not need is refused.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OperatorRbacTests(StoreCluster cluster)
{
    private const string AccountNamespace = "gitopsml-system";
    private const string Account = "gitopsml-operator";
    private static readonly string RbacFile = RepoFiles.Combine("deploy", "rbac.yaml");

    [Fact]
    public void The_cluster_role_covers_every_kind_its_status_and_finalizers_and_nothing_else_of_the_group()
    {
        var role = RepoFiles.DocumentsOf(RbacFile).Single(d => (string?)d["kind"] == "ClusterRole");
        var rules = role["rules"]!.AsArray()
            .Where(r => r!["apiGroups"]!.AsArray().Any(g => (string?)g == ApiGroup.Group))
            .SelectMany(r => r!["resources"]!.AsArray().Select(x => (string)x!))
            .Order()
            .ToList();
        var expected = KindRegistry.All.SelectMany(k => new[] { k.Plural, k.Plural + "/status", k.Plural + "/finalizers" }).Order().ToList();
        Assert.Equal(expected, rules);
    }

    [KubernetesFact(NeedsKubectl = true)]
    public async Task The_operator_service_account_can_do_what_the_operator_does_and_nothing_more()
    {
        var applied = await Kubectl.RunAsync(cluster.ControlPlane.KubeconfigPath, ["apply", "-f", RbacFile]);
        Assert.True(applied.ExitCode == 0, $"kubectl apply -f deploy/rbac.yaml: {applied}");
        var ns = await cluster.NewNamespaceAsync("rbac");
        using var operatorClient = await ServiceAccountClient.AsAsync(cluster, AccountNamespace, Account);

        // The start-up check lists every kind cluster-wide (no read of CustomResourceDefinitions is needed).
        Assert.Empty(await ServedKinds.MissingAsync(operatorClient, null));

        // Every store call the reconcilers and the progress lines make.
        var store = new KubernetesObjectStore(operatorClient, new KubernetesStoreOptions { Namespace = ns });
        var created = (Dataset)await store.CreateAsync(Dataset(ns, "churn"));
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watched = store.WatchAsync("Dataset", Revision(created) - 1, watching.Token).GetAsyncEnumerator(watching.Token);
        Assert.True(await watched.MoveNextAsync());
        await watched.DisposeAsync();
        Assert.Single((await store.ListAsync("Dataset")).Items);
        Assert.Single((await store.ListAsync("Dataset", ns)).Items);
        var finalized = (Dataset)await store.UpdateAsync(created with { Metadata = created.Metadata with { Finalizers = ["gitopsml.io/test"] } });
        var withStatus = (Dataset)await store.UpdateStatusAsync(finalized with { Status = new DatasetStatus { RowCount = 10 } });
        Assert.Equal(10, ((Dataset?)await store.GetAsync(ObjectKey.Of(withStatus)))!.Status!.RowCount);
        var key = ObjectKey.Of(created);
        await store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Normal, "Validated", "10 rows"));
        await store.RecordEventAsync(new ObjectEvent(key, EventSeverity.Normal, "Validated", "10 rows"));
        Assert.Equal(2, Assert.Single(await store.ListEventsAsync(key)).Count);
        var unfinalized = (Dataset)await store.UpdateAsync(withStatus with { Metadata = withStatus.Metadata with { Finalizers = null } });
        await store.DeleteAsync(ObjectKey.Of(unfinalized));
        Assert.Null(await store.GetAsync(key));

        // Leader election: acquire, renew, release.
        var clock = Stopwatch.StartNew();
        await using (var contender = Contender.Start(operatorClient, Contender.FastOptions(ns, "gitopsml-operator", "as-service-account"), clock))
        {
            await contender.WaitLeadingAsync(TimeSpan.FromSeconds(20));
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.True(contender.IsLeading, contender.Log);
            await contender.StopAsync();
            Assert.Contains("released the lease", contender.Log);
        }

        // A GitSource's Secret: read by name, as the GitSource reconciler does.
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "credentials" }, StringData = new Dictionary<string, string> { ["bearerToken"] = "v" } }, ns);
        var secret = await new KubernetesSecretReader(operatorClient).ReadAsync(ns, "credentials", CancellationToken.None);
        Assert.Equal("bearerToken", Assert.Single(secret!.Keys));

        // Outside the role: listing, watching or changing Secrets, Pods, other API groups' objects, and deleting Leases or Events.
        await AssertForbidden(() => operatorClient.CoreV1.ListNamespacedSecretAsync(ns));
        await AssertForbidden(() => operatorClient.CoreV1.ListSecretForAllNamespacesAsync());
        await AssertForbidden(() => operatorClient.CoreV1.DeleteNamespacedSecretAsync("credentials", ns));
        await AssertForbidden(() => operatorClient.CoreV1.ReplaceNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "credentials" } }, "credentials", ns));
        await AssertForbidden(() => operatorClient.CoreV1.ListNamespacedPodAsync(ns));
        await AssertForbidden(() => operatorClient.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("datasets.gitopsml.io"));
        await AssertForbidden(() => operatorClient.CoordinationV1.DeleteNamespacedLeaseAsync("gitopsml-operator", ns));
        await AssertForbidden(() => operatorClient.CoreV1.DeleteCollectionNamespacedEventAsync(ns));
        Assert.NotNull(await cluster.Client.CoreV1.ReadNamespacedSecretAsync("credentials", ns));
    }

    [KubernetesFact]
    public async Task An_identity_without_lease_rights_is_refused_at_once_naming_the_rights_not_left_waiting()
    {
        var ns = await cluster.NewNamespaceAsync("rbac-nolease");
        await cluster.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "nobody" } }, ns);
        using var nobody = await ServiceAccountClient.AsAsync(cluster, ns, "nobody");
        var leadership = new LeaseLeadership(nobody, Contender.FastOptions(ns, "gitopsml-operator", "nobody"), TextWriter.Null);

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => leadership.RunAsync(_ => Task.CompletedTask, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("leases.coordination.k8s.io", refused.Message);
        Assert.Contains("deploy/rbac.yaml", refused.Message);
        Assert.Contains("--leader-elect=false", refused.Message);
    }

    private static long Revision(CustomResource o) => long.Parse(o.Metadata.ResourceVersion!);
}
