using System.Runtime.CompilerServices;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Local.Tests.Store;

/// <summary>Fault injection (as Flux tests do): the first <see cref="ExpireWatches"/> watches fail with Expired; everything else is the real store.</summary>
public sealed class ExpiringWatchStore(IObjectStore inner) : IObjectStore
{
    private int _expire;
    public int ExpireWatches { get => _expire; set => _expire = value; }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string? kind, long fromRevision, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (Interlocked.Decrement(ref _expire) >= 0)
            throw new StoreException(StoreErrorKind.Expired, null, $"revision {fromRevision} was compacted (injected)");
        await foreach (var e in inner.WatchAsync(kind, fromRevision, ct)) yield return e;
    }

    public Task<CustomResource?> GetAsync(ObjectKey key, CancellationToken ct = default) => inner.GetAsync(key, ct);
    public Task<ObjectList> ListAsync(string kind, string? ns = null, CancellationToken ct = default) => inner.ListAsync(kind, ns, ct);
    public Task<CustomResource> CreateAsync(CustomResource resource, CancellationToken ct = default) => inner.CreateAsync(resource, ct);
    public Task<CustomResource> UpdateAsync(CustomResource resource, CancellationToken ct = default) => inner.UpdateAsync(resource, ct);
    public Task<CustomResource> UpdateStatusAsync(CustomResource resource, CancellationToken ct = default) => inner.UpdateStatusAsync(resource, ct);
    public Task DeleteAsync(ObjectKey key, CancellationToken ct = default) => inner.DeleteAsync(key, ct);
    public Task RecordEventAsync(ObjectEvent e, CancellationToken ct = default) => inner.RecordEventAsync(e, ct);
    public Task<IReadOnlyList<ObjectEvent>> ListEventsAsync(ObjectKey involved, CancellationToken ct = default) => inner.ListEventsAsync(involved, ct);
}
