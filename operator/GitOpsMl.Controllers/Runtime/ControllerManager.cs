using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;
using GitOpsMl.Controllers.Store;
using Prometheus;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// Runs the control plane over one store (controller-runtime's manager): an informer per kind (so
/// <see cref="IObjectCache"/> answers for every kind), one <see cref="Controller"/> per registered
/// reconciler, and watches that turn changes of one kind into keys of another.
/// <code>
/// var manager = new ControllerManager(store, TimeProvider.System);
/// manager.Register(new DatasetReconciler(manager.Cache, manager.Events));
/// manager.Watch("Dataset", "FeatureSet", ds => manager.Cache.List("FeatureSet", ds.Metadata.Namespace)
///     .OfType&lt;FeatureSet&gt;().Where(fs => fs.Spec.DatasetRef.Name == ds.Metadata.Name).Select(ObjectKey.Of));
/// manager.WatchOwned("ModelVersion", "Model");
/// await manager.RunAsync(ct);
/// </code>
/// </summary>
public sealed class ControllerManager : IObjectCache, IDisposable
{
    private readonly Dictionary<string, Informer> _informers = [];
    private readonly Dictionary<string, Controller> _controllers = [];
    private readonly Action<string>? _log;
    private bool _started;

    public ControllerManager(IObjectStore store, TimeProvider? time = null, CollectorRegistry? registry = null, Action<string>? log = null)
    {
        Store = store;
        Time = time ?? TimeProvider.System;
        this._log = log;
        Metrics = new ControllerMetrics(registry ?? Prometheus.Metrics.NewCustomRegistry());
        Events = new StoreEventRecorder(store, Time);
        StatusWriter = new StatusWriter(store, Events);
        foreach (var k in KindRegistry.All) InformerFor(k.Kind);
    }

    public IObjectStore Store { get; }
    public TimeProvider Time { get; }
    public IEventRecorder Events { get; }
    public StatusWriter StatusWriter { get; }
    public ControllerMetrics Metrics { get; }

    /// <summary>The informers' caches, for reconcilers reading other objects.</summary>
    public IObjectCache Cache => this;

    public IReadOnlyCollection<Controller> Controllers => _controllers.Values;

    /// <summary>Adds a controller for the reconciler's kind (one per kind).</summary>
    public Controller Register(IReconciler reconciler, ControllerOptions? options = null)
    {
        lock (_controllers)
        {
            if (_started) throw new InvalidOperationException("register controllers before RunAsync");
            if (_controllers.ContainsKey(reconciler.Kind)) throw new InvalidOperationException($"a controller for {reconciler.Kind} is already registered");
            var c = new Controller(reconciler, InformerFor(reconciler.Kind), Store, StatusWriter, Metrics, Time, options ?? new ControllerOptions(), _log);
            _controllers.Add(reconciler.Kind, c);
            return c;
        }
    }

    /// <summary>
    /// When an object of <paramref name="sourceKind"/> is added, changed or deleted, enqueue the
    /// <paramref name="targetKind"/> keys <paramref name="map"/> returns (for a change, of both the old and the new copy,
    /// so a referrer that moved away hears too). The target's controller must be registered before RunAsync.
    /// </summary>
    public void Watch(string sourceKind, string targetKind, Func<CustomResource, IEnumerable<ObjectKey>> map)
    {
        InformerFor(sourceKind).AddHandler(change =>
        {
            if (!_controllers.TryGetValue(targetKind, out var target)) return;
            var keys = map(change.Object);
            if (change.Old is not null) keys = keys.Concat(map(change.Old));
            foreach (var key in keys.Distinct()) target.Enqueue(key);
        });
    }

    /// <summary>Changes to <paramref name="childKind"/> objects enqueue their owners of <paramref name="ownerKind"/> (by owner reference).</summary>
    public void WatchOwned(string childKind, string ownerKind) => Watch(childKind, ownerKind, child => OwnersOf(child, ownerKind));

    public static IEnumerable<ObjectKey> OwnersOf(CustomResource child, string ownerKind) =>
        (child.Metadata.OwnerReferences ?? []).Where(o => o.Kind == ownerKind)
            .Select(o => ObjectKey.For(ownerKind, child.Metadata.Namespace, o.Name));

    public Informer InformerFor(string kind)
    {
        lock (_informers)
        {
            if (!_informers.TryGetValue(kind, out var i))
                _informers.Add(kind, i = new Informer(Store, kind, Time, _log));
            return i;
        }
    }

    /// <summary>Starts the informers, waits for their first lists, then runs every controller until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        Informer[] all;
        lock (_controllers) _started = true;
        lock (_informers) all = _informers.Values.ToArray();
        var informerTasks = all.Select(i => Task.Run(() => i.RunAsync(ct), CancellationToken.None)).ToList();
        await WaitForCacheSyncAsync(ct).ConfigureAwait(false);
        var controllerTasks = _controllers.Values.Select(c => Task.Run(() => c.RunAsync(ct), CancellationToken.None));
        await Task.WhenAll(informerTasks.Concat(controllerTasks)).ConfigureAwait(false);
    }

    public Task WaitForCacheSyncAsync(CancellationToken ct)
    {
        Task[] synced;
        lock (_informers) synced = _informers.Values.Select(i => i.Synced).ToArray();
        return Task.WhenAll(synced).WaitAsync(ct);
    }

    public CustomResource? Get(ObjectKey key) => InformerFor(key.Kind).Get(key);

    public IReadOnlyList<CustomResource> List(string kind, string? ns = null) =>
        InformerFor(kind).List(ns is null ? null : ObjectKey.NamespaceOf(ns));

    public void Dispose()
    {
        foreach (var c in _controllers.Values) c.Dispose();
    }
}
