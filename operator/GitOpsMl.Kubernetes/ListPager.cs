using System.Text.Json;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Kubernetes;

/// <summary>
/// A list read in pages, as client-go's pager reads it: <c>limit</c> items a request, each next page asked
/// for with the previous page's <c>continue</c> token. The API server serves every continued page from the
/// snapshot of the first, so the pages together are one consistent list, and its resourceVersion is the
/// first page's (where a watch then starts without a gap). When a continue token has expired (410: etcd
/// compacted the snapshot's revision while we paged), the list is read again whole, in one unpaged request
/// (client-go's <c>FullListIfExpired</c>): that read is of the newest revision, so it cannot expire in turn,
/// where restarting the paging could meet the same compaction again on a slow client or busy server.
/// </summary>
public static class ListPager
{
    /// <summary>
    /// Every item of the list, and the list's resourceVersion. <paramref name="fetch"/> reads one page:
    /// (limit, continue) → the server's list object; a null limit is one unpaged request. An expired
    /// continue must surface as <see cref="StoreException"/> of kind <see cref="StoreErrorKind.Expired"/>.
    /// </summary>
    public static async Task<(IReadOnlyList<JsonElement> Items, string? ResourceVersion)> ListAsync(
        Func<int?, string?, CancellationToken, Task<JsonElement>> fetch, int pageSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageSize);
        int? limit = pageSize == 0 ? null : pageSize;
        var first = await fetch(limit, null, ct).ConfigureAwait(false);
        var items = new List<JsonElement>(ItemsOf(first));
        var resourceVersion = ResourceVersionOf(first);
        var next = ContinueOf(first);
        while (next is not null)
        {
            JsonElement page;
            try
            {
                page = await fetch(limit, next, ct).ConfigureAwait(false);
            }
            catch (StoreException e) when (e.Kind == StoreErrorKind.Expired)
            {
                // The pages read so far belong to a snapshot that is gone: drop them, read everything now.
                var full = await fetch(null, null, ct).ConfigureAwait(false);
                return (ItemsOf(full).ToList(), ResourceVersionOf(full));
            }
            items.AddRange(ItemsOf(page));
            next = ContinueOf(page);
        }
        return (items, resourceVersion);
    }

    private static IEnumerable<JsonElement> ItemsOf(JsonElement list) =>
        list.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string? ResourceVersionOf(JsonElement list) =>
        list.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() : null;

    private static string? ContinueOf(JsonElement list) =>
        list.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("continue", out var token)
            && token.GetString() is { Length: > 0 } text ? text : null;
}
