namespace GitOpsMl.Crds.Tests;

/// <summary>All tests of this assembly share one control plane (starting one takes seconds).</summary>
[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<CrdCluster>
{
    public const string Name = "control plane";
}
