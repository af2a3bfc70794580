namespace GitOpsMl.Kubernetes.Tests;

/// <summary>All tests of this assembly share one control plane with the CRDs installed (starting one takes seconds); each test works in its own namespace.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<StoreCluster>
{
    public const string Name = "cluster";
}
