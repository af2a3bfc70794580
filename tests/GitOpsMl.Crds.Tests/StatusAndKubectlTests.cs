using System.Text.Json.Nodes;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;
using GitOpsMl.Testing.Kubernetes;
using k8s;
using k8s.Models;

namespace GitOpsMl.Crds.Tests;

/// <summary>The CRDs as kubectl users and the operator meet them: status subresource, printer columns, category, short names.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class StatusAndKubectlTests(CrdCluster cluster)
{
    private static KindRegistry.KindInfo Deployment => KindRegistry.Find("Deployment")!;

    private const string StatusPatch = """
        {"status": {"phase": "progressing", "stableVersion": "v3", "canaryVersion": "v4", "canaryWeight": 25, "readyReplicas": 2,
          "conditions": [{"type": "Ready", "status": "True", "reason": "Serving", "message": "2 replicas ready", "lastTransitionTime": "2025-01-01T00:00:00Z"}]}}
        """;

    private async Task<JsonObject> CreateWithStatusAsync(string name)
    {
        cluster.RequireInstalled(Deployment);
        await cluster.CreateAsync(Deployment, TestObjects.Minimal(Deployment, name));
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(StatusPatch, V1Patch.PatchType.MergePatch),
            ApiGroup.Group, ApiGroup.Version, CrdCluster.Namespace, Deployment.Plural, name);
        return await cluster.GetAsync(Deployment, name);
    }

    [KubernetesFact]
    public async Task Status_is_a_subresource_a_spec_write_keeps_status_and_a_status_write_keeps_spec()
    {
        var stored = await CreateWithStatusAsync("status-subresource");
        Assert.Equal("v3", stored["status"]?["stableVersion"]?.GetValue<string>());
        Assert.Equal(1, stored["metadata"]!["generation"]!.GetValue<long>()); // a status write does not bump generation

        // A status change sent to the main resource is ignored; the spec change in the same write is kept.
        var patch = """{"spec": {"replicas": {"min": 2, "max": 3}}, "status": {"stableVersion": "v9"}}""";
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch),
            ApiGroup.Group, ApiGroup.Version, CrdCluster.Namespace, Deployment.Plural, "status-subresource");
        var afterSpec = await cluster.GetAsync(Deployment, "status-subresource");
        Assert.Equal(3, afterSpec["spec"]!["replicas"]!["max"]!.GetValue<int>());
        Assert.Equal("v3", afterSpec["status"]!["stableVersion"]!.GetValue<string>());
        Assert.Equal(2, afterSpec["metadata"]!["generation"]!.GetValue<long>());

        // A spec change sent to the status subresource is ignored.
        var statusWrite = """{"spec": {"replicas": {"max": 7}}, "status": {"canaryWeight": 50}}""";
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(statusWrite, V1Patch.PatchType.MergePatch),
            ApiGroup.Group, ApiGroup.Version, CrdCluster.Namespace, Deployment.Plural, "status-subresource");
        var afterStatus = await cluster.GetAsync(Deployment, "status-subresource");
        Assert.Equal(3, afterStatus["spec"]!["replicas"]!["max"]!.GetValue<int>());
        Assert.Equal(50, afterStatus["status"]!["canaryWeight"]!.GetValue<int>());
        Assert.Equal(2, afterStatus["metadata"]!["generation"]!.GetValue<long>());
    }

    [KubernetesFact(NeedsKubectl = true)]
    public async Task Kubectl_get_renders_the_printer_columns_from_status()
    {
        await CreateWithStatusAsync("printer-columns");

        var result = await Kubectl.RunAsync(cluster.ControlPlane.KubeconfigPath, ["get", "mldeploy", "printer-columns", "-o", "wide"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var header = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", .. Deployment.Columns.Select(c => c.Name.ToUpperInvariant())], header);
        var row = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["printer-columns", "churn", "v3", "v4", "25", "progressing", "2", "True"], row[..^1]);
    }

    [KubernetesFact(NeedsKubectl = true)]
    public async Task Kubectl_get_gitopsml_lists_every_kind_and_every_short_name_resolves()
    {
        foreach (var kind in KindRegistry.All)
        {
            cluster.RequireInstalled(kind);
            await cluster.CreateAsync(kind, TestObjects.Minimal(kind, "category-" + kind.Singular));
        }

        var all = await Kubectl.RunAsync(cluster.ControlPlane.KubeconfigPath, ["get", ApiGroup.Category, "-o", "name"]);

        Assert.True(all.ExitCode == 0, all.ToString());
        foreach (var kind in KindRegistry.All)
            Assert.Contains($"{kind.Singular}.{ApiGroup.Group}/category-{kind.Singular}", all.Stdout);
        foreach (var kind in KindRegistry.All)
        {
            foreach (var shortName in kind.Names.ShortNames)
            {
                var one = await Kubectl.RunAsync(cluster.ControlPlane.KubeconfigPath, ["get", shortName, "category-" + kind.Singular, "-o", "name"]);
                Assert.True(one.ExitCode == 0, $"kubectl get {shortName}: {one}");
                Assert.Equal($"{kind.Singular}.{ApiGroup.Group}/category-{kind.Singular}", one.Stdout.Trim());
            }
        }
    }
}
