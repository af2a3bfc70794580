using System.Text;
using k8s;
using k8s.Models;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>The cluster backend's Secrets for GitSource spec.secretRef, read from a real API server.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubernetesSecretReaderTests(StoreCluster cluster)
{
    [KubernetesFact]
    public async Task A_Secret_is_read_with_every_key_and_its_decoded_bytes_and_a_missing_one_is_null()
    {
        var ns = await cluster.NewNamespaceAsync("secrets");
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "git-creds" },
            StringData = new Dictionary<string, string> { ["username"] = "bot", ["password"] = "pw-1" },
        }, ns);
        var reader = new KubernetesSecretReader(cluster.Client);

        var data = (await reader.ReadAsync(ns, "git-creds", CancellationToken.None))!;

        Assert.Equal(["password", "username"], data.Keys.Order());
        Assert.Equal("pw-1", Encoding.UTF8.GetString(data["password"]));
        Assert.Null(await reader.ReadAsync(ns, "absent", CancellationToken.None));
        Assert.Null(await reader.ReadAsync("default", "git-creds", CancellationToken.None));
        Assert.Contains($"namespace {ns}", reader.Describe(ns, "git-creds"));
    }
}
