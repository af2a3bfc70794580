using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// One kind's controller: workers take keys from the queue (never the same key twice at once), read
/// the object from the informer cache, run deletion/finalizer handling or the reconciler, and let
/// <see cref="ReconcileResultMapper"/> decide status and requeue, which <see cref="StatusWriter"/> writes if changed.
/// Built by <see cref="ControllerManager.Register"/>.
/// </summary>
public sealed class Controller : IDisposable
{
    private readonly IReconciler _reconciler;
    private readonly Informer _informer;
    private readonly IObjectStore _store;
    private readonly StatusWriter _statusWriter;
    private readonly ControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;

    internal Controller(IReconciler reconciler, Informer informer, IObjectStore store, StatusWriter statusWriter,
        ControllerMetrics metrics, TimeProvider time, ControllerOptions options, Action<string>? log)
    {
        this._reconciler = reconciler;
        this._informer = informer;
        this._store = store;
        this._statusWriter = statusWriter;
        this._metrics = metrics;
        this._time = time;
        this._log = log;
        Options = options;
        var depth = metrics.QueueDepth.WithLabels(reconciler.Kind);
        Queue = new WorkQueue<ObjectKey>(time, options.Backoff, depthChanged: d => depth.Set(d));
        informer.AddHandler(OnOwnChange);
    }

    public string Kind => _reconciler.Kind;
    public ControllerOptions Options { get; }
    public WorkQueue<ObjectKey> Queue { get; }

    public void Enqueue(ObjectKey key) => Queue.Add(key);

    /// <summary>Runs <see cref="ControllerOptions.Workers"/> workers until cancelled (call after the caches synced).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = ct.Register(Queue.ShutDown);
        var workers = Enumerable.Range(0, Math.Max(1, Options.Workers)).Select(_ => Task.Run(() => WorkAsync(ct), CancellationToken.None));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            ObjectKey key;
            try { key = await Queue.GetAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            try { await ProcessAsync(key, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            finally { Queue.Done(key); }
        }
    }

    /// <summary>One pass over one key, requeue included (what a worker does with a key; tests call it directly).</summary>
    public async Task ProcessAsync(ObjectKey key, CancellationToken ct = default)
    {
        var started = _time.GetTimestamp();
        var resource = _informer.Get(key);
        if (resource is null) { Queue.Forget(key); return; }
        ReconcileDecision decision;
        try
        {
            if (resource.Metadata.DeletionTimestamp is not null)
            {
                await FinalizeAsync(resource, ct).ConfigureAwait(false);
                Queue.Forget(key);
                return;
            }
            if (_reconciler is IFinalizingReconciler f && !(resource.Metadata.Finalizers?.Contains(f.Finalizer) ?? false))
                resource = await ChangeFinalizersAsync(resource, add: f.Finalizer, remove: null, ct).ConfigureAwait(false) ?? resource;
            var result = await _reconciler.ReconcileAsync(resource, ct).ConfigureAwait(false);
            decision = ReconcileResultMapper.Map(resource, resource.GetStatus(), result, _time.GetUtcNow(), Options.ProgressingRequeue);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _metrics.Errors.WithLabels(Kind).Inc();
            _log?.Invoke($"{key}: reconcile failed: {e.Message}");
            decision = ReconcileResultMapper.MapError(resource, resource.GetOrNewStatus(), e, _time.GetUtcNow());
        }

        try
        {
            await _statusWriter.WriteAsync(resource, decision.Status, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _log?.Invoke($"{key}: status write failed: {e.Message}");
            decision = decision with { Backoff = true };
        }
        _metrics.Reconciles.WithLabels(Kind, decision.Outcome).Inc();
        _metrics.Duration.WithLabels(Kind).Observe(_time.GetElapsedTime(started).TotalSeconds);
        if (decision.Backoff) { Queue.AddRateLimited(key); return; }
        Queue.Forget(key);
        if (decision.RequeueAfter is { } after) Queue.AddAfter(key, after);
    }

    private async Task FinalizeAsync(CustomResource resource, CancellationToken ct)
    {
        if (_reconciler is not IFinalizingReconciler f || !(resource.Metadata.Finalizers?.Contains(f.Finalizer) ?? false)) return;
        await f.FinalizeAsync(resource, ct).ConfigureAwait(false);
        await ChangeFinalizersAsync(resource, add: null, remove: f.Finalizer, ct).ConfigureAwait(false);
    }

    /// <summary>Adds or removes a finalizer on the stored object, re-reading it on conflict; null when the object is gone.</summary>
    private async Task<CustomResource?> ChangeFinalizersAsync(CustomResource resource, string? add, string? remove, CancellationToken ct)
    {
        var current = resource;
        for (var attempt = 0; ; attempt++)
        {
            var finalizers = current.Metadata.Finalizers?.ToList() ?? [];
            if (add is not null && !finalizers.Contains(add)) finalizers.Add(add);
            if (remove is not null) finalizers.Remove(remove);
            try
            {
                return await _store.UpdateAsync(current with { Metadata = current.Metadata with { Finalizers = finalizers } }, ct).ConfigureAwait(false);
            }
            catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict && attempt < 5)
            {
                current = await _store.GetAsync(ObjectKey.Of(resource), ct).ConfigureAwait(false);
                if (current is null) return null;
            }
            catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Changes to the controller's own kind enqueue it, except a change of status alone: that is the
    /// controller's own write (controller-runtime's GenerationChanged-or-metadata predicate), and
    /// reacting to it would reconcile every object twice.
    /// </summary>
    private void OnOwnChange(InformerChange change)
    {
        if (change.Type == WatchEventType.Modified && change.Old is { } old && OnlyStatusChanged(old, change.Object)) return;
        Queue.Add(ObjectKey.Of(change.Object));
    }

    internal static bool OnlyStatusChanged(CustomResource old, CustomResource now) =>
        old.Metadata.Generation == now.Metadata.Generation && MetadataWithoutVersion(old) == MetadataWithoutVersion(now);

    private static string MetadataWithoutVersion(CustomResource r) =>
        JsonSerializer.Serialize(r.Metadata with { ResourceVersion = null }, ApiJson.Options);

    public void Dispose() => Queue.Dispose();
}
