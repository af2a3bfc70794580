using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GitOpsMl.Kubernetes.Tests.Rbac;

/// <summary>Acting as a ServiceAccount on the test cluster, as a pod does with its mounted token.</summary>
internal static class ServiceAccountClient
{
    /// <summary>A client that authenticates as the ServiceAccount with a short-lived token from the TokenRequest API.</summary>
    public static async Task<k8s.Kubernetes> AsAsync(StoreCluster cluster, string ns, string account)
    {
        var token = await cluster.Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [], ExpirationSeconds = 600 } }, account, ns);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.ControlPlane.KubeconfigPath);
        config.AccessToken = token.Status.Token;
        return new k8s.Kubernetes(config);
    }

    /// <summary>The call is refused by authorization (403), not failed for any other reason.</summary>
    public static async Task AssertForbidden(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(HttpStatusCode.Forbidden, e.Response.StatusCode);
    }
}
