using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Local.Tests.Store;

/// <summary>
/// Test doubles of the informer cache for reconcilers called directly: <see cref="Synced"/> reads the store on
/// every call (an informer that has seen every event), <see cref="SnapshotAsync"/> keeps what the store held at
/// one moment (an informer lagging behind later writes).
/// </summary>
public sealed class StoreCache : IObjectCache
{
    private readonly Func<string, string?, IReadOnlyList<CustomResource>> _list;

    private StoreCache(Func<string, string?, IReadOnlyList<CustomResource>> list) => this._list = list;

    public static StoreCache Synced(IObjectStore store) => new((kind, ns) => store.ListAsync(kind, ns).GetAwaiter().GetResult().Items);

    public static async Task<StoreCache> SnapshotAsync(IObjectStore store, params string[] kinds)
    {
        var held = new Dictionary<string, IReadOnlyList<CustomResource>>();
        foreach (var kind in kinds) held[kind] = (await store.ListAsync(kind)).Items;
        return new((kind, ns) => held.GetValueOrDefault(kind, []).Where(o => ns is null || ObjectKey.NamespaceOf(o.Metadata.Namespace) == ns).ToList());
    }

    public CustomResource? Get(ObjectKey key) => List(key.Kind, key.Namespace).FirstOrDefault(o => o.Metadata.Name == key.Name);

    public IReadOnlyList<CustomResource> List(string kind, string? ns = null) => _list(kind, ns);
}
