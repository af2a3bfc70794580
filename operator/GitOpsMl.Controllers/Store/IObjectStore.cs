using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Store;

/// <summary>
/// The narrow object API every backend offers the reconcilers, with Kubernetes semantics:
/// resourceVersion is a global revision and every write checks it (409 on a stale one),
/// generation moves on spec changes only, spec and status are written separately (status
/// subresource), deletion with finalizers sets deletionTimestamp and cascades to owned objects.
/// Objects are the typed API records; a backend serialises them with <see cref="ApiJson"/>.
/// </summary>
public interface IObjectStore
{
    Task<CustomResource?> GetAsync(ObjectKey key, CancellationToken ct = default);

    /// <summary>Every object of <paramref name="kind"/> (in <paramref name="ns"/>, or all namespaces when null), with the revision a watch continues from.</summary>
    Task<ObjectList> ListAsync(string kind, string? ns = null, CancellationToken ct = default);

    /// <summary>
    /// Changes after <paramref name="fromRevision"/> in revision order, then live ones until cancelled.
    /// Throws <see cref="StoreException"/> with <see cref="StoreErrorKind.Expired"/> when the revision was compacted (re-list).
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(string? kind, long fromRevision, CancellationToken ct = default);

    /// <summary>Creates the object (metadata.resourceVersion must be empty); sets uid, generation 1, creationTimestamp. AlreadyExists otherwise.</summary>
    Task<CustomResource> CreateAsync(CustomResource resource, CancellationToken ct = default);

    /// <summary>Writes spec and metadata (never status). Conflict on a stale resourceVersion; generation +1 when the spec changed.</summary>
    Task<CustomResource> UpdateAsync(CustomResource resource, CancellationToken ct = default);

    /// <summary>Writes status only (never spec or metadata). Conflict on a stale resourceVersion.</summary>
    Task<CustomResource> UpdateStatusAsync(CustomResource resource, CancellationToken ct = default);

    /// <summary>Deletes, or marks for deletion while finalizers remain; owned objects follow (cascading). NotFound when absent.</summary>
    Task DeleteAsync(ObjectKey key, CancellationToken ct = default);

    /// <summary>Records an event beside its object (like core/v1 Event; repeated ones are counted, not duplicated).</summary>
    Task RecordEventAsync(ObjectEvent e, CancellationToken ct = default);

    Task<IReadOnlyList<ObjectEvent>> ListEventsAsync(ObjectKey involved, CancellationToken ct = default);
}
