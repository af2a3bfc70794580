using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GitOpsMl.Kubernetes.Tests.Leadership;

/// <summary>Another writer takes a Lease, as a partitioned peer would: read, set the holder, replace.</summary>
internal static class LeaseTakeover
{
    /// <summary>
    /// The leader renews every retry period, so a read-then-replace can lose the race (409 Conflict): read again and
    /// retry, as any real writer of a contended object does.
    /// </summary>
    public static async Task TakeAsync(IKubernetes client, string ns, string name, Action<V1Lease> take)
    {
        for (var attempt = 1; ; attempt++)
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(name, ns);
            take(lease);
            try
            {
                await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, name, ns);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }
    }
}
