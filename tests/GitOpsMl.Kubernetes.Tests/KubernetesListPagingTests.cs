using System.Net;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;
using static GitOpsMl.Kubernetes.Tests.TestObjects;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>
/// Lists read in pages (limit + continue, as client-go's reflector reads them) on a real kube-apiserver:
/// the pages are one snapshot, at the revision of the first, and an expired continue token ends in a
/// complete list anyway. The recorder between the store's client and the server sees every list request
/// and changes the cluster between the first page and the next.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class KubernetesListPagingTests(StoreCluster cluster)
{
    public const int Objects = 50;
    public const int PageSize = 7;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static long Revision(CustomResource o) => long.Parse(o.Metadata.ResourceVersion!);

    private static (string Name, string? Version) NameAndVersion(CustomResource o) => (o.Metadata.Name, o.Metadata.ResourceVersion);

    private Task<string> NamespaceWithDatasetsAsync(string prefix) => NamespaceWithDatasetsAsync(cluster, prefix);

    /// <summary>A fresh namespace holding Datasets d00 to d49.</summary>
    public static async Task<string> NamespaceWithDatasetsAsync(StoreCluster cluster, string prefix)
    {
        var ns = await cluster.NewNamespaceAsync(prefix);
        var writer = cluster.Store(ns);
        await Task.WhenAll(Enumerable.Range(0, Objects).Select(i => writer.CreateAsync(Dataset(ns, $"d{i:00}"))));
        return ns;
    }

    [KubernetesFact]
    public async Task A_list_in_pages_of_7_is_the_unpaged_list_read_at_its_first_page_and_a_watch_from_its_revision_sees_only_later_changes()
    {
        var ns = await NamespaceWithDatasetsAsync("paging");
        var writer = cluster.Store(ns);
        var unpaged = await cluster.Store(ns, listPageSize: 0).ListAsync("Dataset");
        CustomResource? late = null;
        var recorder = new ListRequestRecorder
        {
            // Changes after the first page was read: a list stitched from pages of different moments would show them.
            BeforeFirstContinue = async () =>
            {
                late = await writer.CreateAsync(Dataset(ns, "late"));
                var d00 = await writer.GetAsync(Key("Dataset", ns, "d00"));
                await writer.UpdateAsync(Dataset(ns, "d00", path: "changed.csv") with { Metadata = d00!.Metadata });
                // d49 is alone on the last page, read only after it is gone.
                await writer.DeleteAsync(Key("Dataset", ns, "d49"));
            },
        };
        using var client = cluster.ClientThrough(recorder);

        var paged = await cluster.Store(ns, listPageSize: PageSize, client: client).ListAsync("Dataset");

        var pages = recorder.Requests;
        Assert.Equal((Objects + PageSize - 1) / PageSize, pages.Count);
        Assert.All(pages, p => Assert.Equal((PageSize, HttpStatusCode.OK), (p.Limit!.Value, p.Status)));
        Assert.Null(pages[0].Continue);
        Assert.All(pages.Skip(1), p => Assert.NotNull(p.Continue));
        // Every page came from the first page's snapshot: the same objects at the same versions as the unpaged list before.
        Assert.Equal(unpaged.Items.Select(NameAndVersion), paged.Items.Select(NameAndVersion));
        Assert.True(paged.Revision >= unpaged.Revision && paged.Revision < Revision(late!),
            $"paged list revision {paged.Revision}: not between the unpaged list's {unpaged.Revision} and the late write's {Revision(late!)}");

        // The informer watches from the list's revision: it sees exactly the changes the snapshot does not hold.
        using var cts = new CancellationTokenSource(Patience);
        var seen = new List<(WatchEventType, string)>();
        await foreach (var e in writer.WatchAsync("Dataset", paged.Revision, cts.Token))
        {
            seen.Add((e.Type, e.Object.Metadata.Name));
            if (seen.Count == 3)
            {
                break;
            }
        }
        Assert.Equal([(WatchEventType.Added, "late"), (WatchEventType.Modified, "d00"), (WatchEventType.Deleted, "d49")], seen);
    }
}
