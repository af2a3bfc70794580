using GitOpsMl.Controllers.Store;
using GitOpsMl.Testing.Store;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>
/// The store contract on a real kube-apiserver, in a fresh namespace per test: here the server, not our
/// code, keeps revisions, generation, the status subresource and finalizers, and stamps with its own clock.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KubernetesObjectStoreContractTests(StoreCluster cluster) : ObjectStoreContract
{
    protected override FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    protected override TimeProvider StampClock => TimeProvider.System;

    // The server keeps whole seconds (truncated), and its clock is this machine's.
    protected override TimeSpan StampTolerance => TimeSpan.FromSeconds(2);

    protected override async Task<(IObjectStore Store, string Ns)> NewStoreAsync()
    {
        var ns = await cluster.NewNamespaceAsync("contract");
        // One object a page: every list of more than one object in the contract is read in pages.
        return (cluster.Store(ns, Time, listPageSize: 1), ns);
    }

    protected override Task<string> OtherNamespaceAsync(string prefix) => cluster.NewNamespaceAsync(prefix);

    protected override long? CurrentRevision() => null;
}
