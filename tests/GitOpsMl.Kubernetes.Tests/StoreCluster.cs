using System.Diagnostics;
using GitOpsMl.Api.Common;
using GitOpsMl.Testing.Kubernetes;
using k8s;
using k8s.Models;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>
/// One real control plane (etcd + kube-apiserver; kube-controller-manager on request) with every CRD of
/// crds/ installed and established, and a fresh namespace per test so tests never see each other's objects.
/// </summary>
public class StoreCluster : IAsyncLifetime
{
    public StoreCluster()
        : this([])
    {
    }

    /// <summary>A cluster whose kube-apiserver runs with <paramref name="extraApiServerArguments"/> as well.</summary>
    protected StoreCluster(IReadOnlyList<string> extraApiServerArguments)
    {
        ControlPlane = new KubernetesControlPlane { ExtraApiServerArguments = extraApiServerArguments };
    }

    private static readonly TimeSpan EstablishedTimeout = TimeSpan.FromSeconds(60);

    public KubernetesControlPlane ControlPlane { get; }

    public k8s.Kubernetes Client => ControlPlane.Client;

    public TimeSpan StartDuration { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        await ControlPlane.InitializeAsync();
        if (KubernetesAssets.Directory is null)
        {
            return;
        }
        await Task.WhenAll(RepoFiles.CrdFiles().Select(InstallAsync));
        StartDuration = clock.Elapsed;
    }

    public Task DisposeAsync() => ControlPlane.DisposeAsync();

    /// <summary>A namespace of its own for one test (the API server refuses objects in a namespace that does not exist).</summary>
    public async Task<string> NewNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 9, 63)].TrimEnd('-');
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>A store whose lists and watches stay in <paramref name="ns"/>.</summary>
    public KubernetesObjectStore Store(string ns, TimeProvider? time = null, TimeSpan? watchTimeout = null, int? listPageSize = null, IKubernetes? client = null) =>
        new(client ?? Client, new KubernetesStoreOptions
        {
            Namespace = ns,
            WatchTimeout = watchTimeout ?? TimeSpan.FromMinutes(5),
            ListPageSize = listPageSize ?? new KubernetesStoreOptions().ListPageSize,
        }, time);

    /// <summary>Another admin client of the same server whose requests pass through <paramref name="handler"/> (to see or step into them).</summary>
    public k8s.Kubernetes ClientThrough(DelegatingHandler handler) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(ControlPlane.KubeconfigPath), handler);

    private async Task InstallAsync(string file)
    {
        var crd = Assert.Single(RepoFiles.DocumentsOf(file));
        var name = crd["metadata"]!["name"]!.GetValue<string>();
        await Client.CustomObjects.CreateClusterCustomObjectAsync(crd, "apiextensions.k8s.io", "v1", "customresourcedefinitions");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var current = await Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name);
            if (current.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true)
            {
                return;
            }
            if (clock.Elapsed > EstablishedTimeout)
            {
                throw new TimeoutException($"CRD {name} ({ApiGroup.Group}) not Established within {EstablishedTimeout.TotalSeconds} s");
            }
            await Task.Delay(50);
        }
    }
}
