using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Schema;
using k8s;
using k8s.Autorest;

namespace GitOpsMl.Kubernetes;

/// <summary>
/// Whether the API server serves every GitOpsMl kind, i.e. the CRDs of crds/ are installed, asked the way
/// the operator then uses them: a one-item list of each kind in its watch scope, where a 404 means the
/// resource is not served. It needs no rights beyond the operator's own (no read of CustomResourceDefinitions).
/// </summary>
public static class ServedKinds
{
    /// <summary>
    /// The kinds the server does not serve (empty: all installed). A refused identity is an
    /// <see cref="UnauthorizedAccessException"/> and an unreachable server a transient <see cref="GitOpsMlFailure"/>,
    /// each naming the server.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MissingAsync(IKubernetes client, string? ns, CancellationToken ct = default)
    {
        var missing = new List<string>();
        foreach (var kind in KindRegistry.All)
        {
            try
            {
                _ = await (ns is null
                    ? client.CustomObjects.ListClusterCustomObjectAsync<System.Text.Json.JsonElement>(ApiGroup.Group, ApiGroup.Version, kind.Plural, limit: 1, cancellationToken: ct)
                    : client.CustomObjects.ListNamespacedCustomObjectAsync<System.Text.Json.JsonElement>(ApiGroup.Group, ApiGroup.Version, ns, kind.Plural, limit: 1, cancellationToken: ct))
                    .ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                missing.Add(kind.Kind);
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            {
                throw new UnauthorizedAccessException(
                    $"the API server {client.BaseUri} refused to list {kind.Plural}.{ApiGroup.Group}{(ns is null ? " in all namespaces" : $" in namespace {ns}")} " +
                    $"({(int)e.Response.StatusCode}): the kubeconfig's user needs list/watch/create/update on {ApiGroup.Group} resources" +
                    (ns is null ? " cluster-wide (or run with --namespace)" : ""), e);
            }
            catch (HttpRequestException e)
            {
                throw new GitOpsMlFailure(FailureKind.Transient, "ApiServerUnreachable", $"cannot reach the API server {client.BaseUri}: {e.Message}", e);
            }
        }
        return missing;
    }

    /// <summary>What to tell a person whose cluster lacks some kinds: which, and the one command that installs them.</summary>
    public static string Describe(IReadOnlyList<string> missing, Uri server) =>
        $"the API server {server} does not serve {string.Join(", ", missing.Select(k => $"{KindRegistry.Find(k)?.Plural ?? k}.{ApiGroup.Group}"))}: " +
        "the GitOpsMl CRDs are not installed; install them with `kubectl apply -f crds/` and start the operator again";
}
