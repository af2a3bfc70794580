using System.Net;
using System.Net.Sockets;
using GitOpsMl.Api.Failures;
using k8s;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>How the operator's start-up check reports a cluster it cannot use (the CRD-less cluster is in OperatorWithoutCrdsTests).</summary>
public sealed class ServedKindsTests
{
    [Fact]
    public async Task An_unreachable_API_server_is_a_transient_failure_naming_the_server()
    {
        var server = new Uri($"https://127.0.0.1:{ClosedPort()}/");
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.ToString(), SkipTlsVerify = true });

        var failure = await Assert.ThrowsAsync<GitOpsMlFailure>(() => ServedKinds.MissingAsync(client, null));
        Assert.Equal(FailureKind.Transient, failure.Kind);
        Assert.Equal("ApiServerUnreachable", failure.Reason);
        Assert.Contains(server.ToString(), failure.Message);
    }

    [Fact]
    public void Missing_kinds_are_named_as_resources_with_the_command_that_installs_them()
    {
        var message = ServedKinds.Describe(["Dataset", "ModelVersion"], new Uri("https://cluster.example:6443"));
        Assert.Contains("datasets.gitopsml.io, modelversions.gitopsml.io", message);
        Assert.Contains("https://cluster.example:6443", message);
        Assert.Contains("kubectl apply -f crds/", message);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
