using System.Net;
using GitOpsMl.Api.Common;
using static GitOpsMl.Kubernetes.Tests.KubernetesListPagingTests;
using static GitOpsMl.Kubernetes.Tests.TestObjects;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>
/// A paged list whose continue token expires between two pages: etcd compacts the revision of the first
/// page's snapshot (what the API server's compaction does every 5 minutes, done now), the API server answers
/// the next page 410 Gone, and the store reads the list again whole, as client-go's pager does. On its own
/// control plane (see <see cref="ContinueFromEtcdCluster"/>), in the cluster collection so the two never start at once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KubernetesExpiredContinueTests(ContinueFromEtcdCluster cluster) : IClassFixture<ContinueFromEtcdCluster>
{
    private static long Revision(CustomResource o) => long.Parse(o.Metadata.ResourceVersion!);

    [KubernetesFact]
    public async Task A_continue_token_whose_snapshot_etcd_compacted_is_Gone_and_the_list_is_read_again_whole()
    {
        var ns = await NamespaceWithDatasetsAsync(cluster, "expired-continue");
        var writer = cluster.Store(ns);
        CustomResource? late = null;
        long compactedAt = 0;
        var recorder = new ListRequestRecorder
        {
            // The first page's revision becomes history.
            BeforeFirstContinue = async () =>
            {
                late = await writer.CreateAsync(Dataset(ns, "late"));
                compactedAt = await EtcdHistory.CompactAsync(cluster.ControlPlane.EtcdServer);
            },
        };
        using var client = cluster.ClientThrough(recorder);

        var list = await cluster.Store(ns, listPageSize: PageSize, client: client).ListAsync("Dataset");

        Assert.Equal(
            new (int?, bool, HttpStatusCode)[] { (PageSize, false, HttpStatusCode.OK), (PageSize, true, HttpStatusCode.Gone), (null, false, HttpStatusCode.OK) },
            recorder.Requests.Select(r => (r.Limit, r.Continue is not null, r.Status)));
        // The full list is of now: every object, the late one too, at a revision a watch can start from.
        Assert.Equal(Enumerable.Range(0, Objects).Select(i => $"d{i:00}").Append("late").Order(), list.Items.Select(o => o.Metadata.Name).Order());
        Assert.True(list.Revision >= compactedAt && compactedAt >= Revision(late!),
            $"full list revision {list.Revision}, compaction at {compactedAt}, late write at {Revision(late!)}: not in that order");
    }
}
