using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;
using GitOpsMl.Testing.Kubernetes;
using Xunit.Abstractions;

namespace GitOpsMl.Crds.Tests;

[Collection(ControlPlaneCollection.Name)]
public sealed class CrdInstallationTests(CrdCluster cluster, ITestOutputHelper output)
{
    [KubernetesFact]
    public void Every_crd_in_the_crds_folder_is_accepted_and_becomes_established()
    {
        output.WriteLine($"control plane ready in {cluster.ControlPlane.StartDuration.TotalSeconds:0.0} s, CRDs established in {cluster.InstallDuration.TotalSeconds:0.0} s");

        Assert.Equal(KindRegistry.All.Select(k => $"{k.Plural}.{ApiGroup.Group}").Order(StringComparer.Ordinal),
            cluster.Installation.Keys.Order(StringComparer.Ordinal));
        var failed = cluster.Installation.Where(i => i.Value is not null).Select(i => $"{i.Key}: {i.Value}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }
}
