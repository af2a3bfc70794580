using System.Collections.Concurrent;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// client-go's informer for one kind: list, then watch from the list's revision into an in-memory
/// cache, calling handlers on every change. When the watch expires (the store compacted past it)
/// or fails, it lists again and reports the difference as adds, updates and deletes.
/// </summary>
public sealed class Informer(IObjectStore store, string kind, TimeProvider time, Action<string>? log = null)
{
    private readonly ConcurrentDictionary<ObjectKey, CustomResource> _cache = new();
    private readonly List<Action<InformerChange>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Kind { get; } = kind;

    /// <summary>Delay before listing again after a failed list or watch.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Completes once the first list is in the cache.</summary>
    public Task Synced => _synced.Task;

    /// <summary>How many times the informer listed (1 + re-lists after an expired or failed watch).</summary>
    public int ListCount { get; private set; }

    public CustomResource? Get(ObjectKey key) => _cache.GetValueOrDefault(key);

    public IReadOnlyList<CustomResource> List(string? ns = null) =>
        _cache.Values.Where(o => ns is null || ObjectKey.NamespaceOf(o.Metadata.Namespace) == ns).ToList();

    /// <summary>Adds a handler; register before <see cref="RunAsync"/> (handlers run on the informer's loop, keep them short).</summary>
    public void AddHandler(Action<InformerChange> handler)
    {
        lock (_handlers) _handlers.Add(handler);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var list = await store.ListAsync(Kind, null, ct).ConfigureAwait(false);
                ListCount++;
                Replace(list.Items);
                _synced.TrySetResult();
                await foreach (var e in store.WatchAsync(Kind, list.Revision, ct).ConfigureAwait(false))
                    Apply(e);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (StoreException e) when (e.Kind == StoreErrorKind.Expired)
            {
                log?.Invoke($"informer {Kind}: watch expired ({e.Message}); listing again");
            }
            catch (Exception e)
            {
                log?.Invoke($"informer {Kind}: {e.GetType().Name}: {e.Message}; listing again in {RetryDelay.TotalSeconds:0.#}s");
                try { await Task.Delay(RetryDelay, time, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    private void Replace(IReadOnlyList<CustomResource> items)
    {
        var seen = new HashSet<ObjectKey>();
        foreach (var o in items)
        {
            var key = ObjectKey.Of(o);
            seen.Add(key);
            if (_cache.TryGetValue(key, out var old))
            {
                if (old.Metadata.ResourceVersion == o.Metadata.ResourceVersion) continue;
                _cache[key] = o;
                Notify(new InformerChange(WatchEventType.Modified, o, old));
            }
            else
            {
                _cache[key] = o;
                Notify(new InformerChange(WatchEventType.Added, o, null));
            }
        }
        foreach (var key in _cache.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            if (_cache.TryRemove(key, out var gone))
                Notify(new InformerChange(WatchEventType.Deleted, gone, null));
        }
    }

    private void Apply(WatchEvent e)
    {
        var key = ObjectKey.Of(e.Object);
        switch (e.Type)
        {
            case WatchEventType.Deleted:
                if (_cache.TryRemove(key, out var gone)) Notify(new InformerChange(WatchEventType.Deleted, e.Object, gone));
                break;
            default:
                var had = _cache.TryGetValue(key, out var old);
                _cache[key] = e.Object;
                Notify(new InformerChange(had ? WatchEventType.Modified : WatchEventType.Added, e.Object, old));
                break;
        }
    }

    private void Notify(InformerChange change)
    {
        Action<InformerChange>[] snapshot;
        lock (_handlers) snapshot = _handlers.ToArray();
        foreach (var h in snapshot)
        {
            try { h(change); }
            catch (Exception ex) { log?.Invoke($"informer {Kind}: handler failed: {ex.Message}"); }
        }
    }
}
