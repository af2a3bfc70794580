using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;
using GitOpsMl.Testing.Kubernetes;
using k8s;
using k8s.Autorest;

namespace GitOpsMl.Crds.Tests;

/// <summary>
/// One real control plane for the whole assembly, with every CRD of crds/ installed once. A CRD the
/// server refuses does not stop the fixture: its error is kept for <c>CrdInstallationTests</c> to
/// report, and tests of other kinds still run.
/// </summary>
public sealed class CrdCluster : IAsyncLifetime
{
    public const string Namespace = "default";
    private static readonly TimeSpan EstablishedTimeout = TimeSpan.FromSeconds(60);

    public KubernetesControlPlane ControlPlane { get; } = new();

    public k8s.Kubernetes Client => ControlPlane.Client;

    /// <summary>Plural name of each CRD file's kind → why it is not established, or null when it is.</summary>
    public IReadOnlyDictionary<string, string?> Installation { get; private set; } = new Dictionary<string, string?>();

    public TimeSpan InstallDuration { get; private set; }

    public async Task InitializeAsync()
    {
        await ControlPlane.InitializeAsync();
        if (KubernetesAssets.Directory is null) return;
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(RepoFiles.CrdFiles().Select(InstallAsync));
        Installation = results.ToDictionary(r => r.Name, r => r.Error);
        InstallDuration = clock.Elapsed;
    }

    public Task DisposeAsync() => ControlPlane.DisposeAsync();

    /// <summary>Fails the calling test with the server's reason when the kind's CRD is not established.</summary>
    public void RequireInstalled(KindRegistry.KindInfo kind)
    {
        var name = $"{kind.Plural}.{ApiGroup.Group}";
        Assert.True(Installation.TryGetValue(name, out var error), $"no CRD {name} was installed from crds/");
        Assert.True(error is null, $"CRD {name} is not established: {error}");
    }

    private async Task<(string Name, string? Error)> InstallAsync(string file)
    {
        var crd = Assert.Single(RepoFiles.DocumentsOf(file));
        var name = crd["metadata"]!["name"]!.GetValue<string>();
        try
        {
            await Client.CustomObjects.CreateClusterCustomObjectAsync(crd, "apiextensions.k8s.io", "v1", "customresourcedefinitions");
        }
        catch (HttpOperationException e)
        {
            return (name, $"refused: {ServerError.Of(e).Message}");
        }
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var current = await Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(name);
            var conditions = current.Status?.Conditions ?? [];
            if (conditions.Any(c => c.Type == "Established" && c.Status == "True")) return (name, null);
            if (clock.Elapsed > EstablishedTimeout)
            {
                return (name, "not Established within " + EstablishedTimeout.TotalSeconds + " s: " +
                    string.Join("; ", conditions.Select(c => $"{c.Type}={c.Status} {c.Reason}: {c.Message}")));
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Creates (or with <paramref name="dryRun"/>, only validates and defaults) a custom object; returns the server's copy.</summary>
    public async Task<JsonObject> CreateAsync(KindRegistry.KindInfo kind, JsonObject body, bool dryRun = false)
    {
        var created = await Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, ApiGroup.Group, ApiGroup.Version, Namespace, kind.Plural,
            dryRun: dryRun ? "All" : null);
        return JsonNode.Parse(KubernetesJson.Serialize(created))!.AsObject();
    }

    public async Task<JsonObject> GetAsync(KindRegistry.KindInfo kind, string name) =>
        JsonNode.Parse(KubernetesJson.Serialize(
            await Client.CustomObjects.GetNamespacedCustomObjectAsync(ApiGroup.Group, ApiGroup.Version, Namespace, kind.Plural, name)))!.AsObject();
}
