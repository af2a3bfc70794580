using GitOpsMl.Controllers.Store;
using GitOpsMl.Testing.Store;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>
/// The controller runtime contract on a real kube-apiserver, in a fresh namespace per test: every read
/// and watch is a network hop, so it gets more patience and polls more gently than on SQLite.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ControllerOnKubernetesStoreTests(StoreCluster cluster) : ControllerOnStoreContract
{
    protected override TimeSpan Patience => TimeSpan.FromSeconds(30);

    protected override TimeSpan PollInterval => TimeSpan.FromMilliseconds(50);

    protected override TimeSpan QuietPeriod => TimeSpan.FromMilliseconds(500);

    protected override async Task<(IObjectStore Store, string Ns)> NewStoreAsync()
    {
        var ns = await cluster.NewNamespaceAsync("controller");
        return (cluster.Store(ns), ns);
    }

    // The cluster's revision moves with every write anywhere; the object's own resourceVersion is checked instead.
    protected override long? CurrentRevision() => null;
}
