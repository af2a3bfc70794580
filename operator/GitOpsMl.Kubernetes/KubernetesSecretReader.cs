using System.Net;
using GitOpsMl.Api.Failures;
using GitOpsMl.Controllers.Sources;
using k8s;
using k8s.Autorest;

namespace GitOpsMl.Kubernetes;

/// <summary>
/// GitSource Secrets from the API server: one get of a core/v1 Secret by namespace and name (deploy/rbac.yaml
/// grants <c>secrets: get</c> and nothing more, so no Secret is listed or watched: a changed one is read by
/// the next sync). Nothing is cached: the values live as long as one fetch.
/// </summary>
public sealed class KubernetesSecretReader(IKubernetes client) : ISecretReader
{
    public async Task<IReadOnlyDictionary<string, byte[]>?> ReadAsync(string @namespace, string name, CancellationToken ct)
    {
        try
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: ct);
            return secret.Data is { } data ? new Dictionary<string, byte[]>(data, StringComparer.Ordinal) : new Dictionary<string, byte[]>();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new GitOpsMlFailure(FailureKind.Transient, GitSourceReasons.SecretNotFound,
                $"Secret {@namespace}/{name} (spec.secretRef) cannot be read: the operator's identity may not get Secrets in namespace {@namespace} " +
                "(deploy/rbac.yaml grants secrets: get)", e).AtField("spec.secretRef");
        }
    }

    public string Describe(string @namespace, string name) => $"namespace {@namespace} of the API server";
}
