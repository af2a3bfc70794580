using System.Collections.Concurrent;
using GitOpsMl.Serving.Bundles;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Options;
using GitOpsMl.Serving.Routing;
using Microsoft.Extensions.Logging;

namespace GitOpsMl.Serving.Models;

/// <summary>
/// All served models. Loads bundles (startup and routing-file reloads), refuses the ones that
/// fail verification — recording why and keeping whatever already serves — and turns the routing
/// file into each model's effective <see cref="ModelRoute"/>. Ready once the startup bundles were
/// tried, every known model has a version to answer with, and shutdown has not begun.
/// </summary>
public sealed class ModelRepository : IAsyncDisposable
{
    private static readonly string[] Roles = ["stable", "canary", "shadow", "idle"];

    private readonly ConcurrentDictionary<string, ServedModel> _models = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly TaskCompletionSource _initialLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ServingOptions _options;
    private readonly ServingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private RoutingTable _routing = RoutingTable.Empty;
    private volatile bool _draining;

    public ModelRepository(ServingOptions options, ServingMetrics metrics, ILoggerFactory loggers, TimeProvider time)
    {
        _options = options;
        _metrics = metrics;
        _logger = loggers.CreateLogger("GitOpsMl.Serving.Models");
        _time = time;
        metrics.Registry.AddBeforeCollectCallback(UpdateGauges);
    }

    public Task InitialLoad => _initialLoad.Task;

    public bool IsDraining => _draining;

    public bool IsReady => _initialLoad.Task.IsCompletedSuccessfully && !_draining && !_models.IsEmpty && _models.Values.All(m => m.IsReady);

    public IReadOnlyCollection<ServedModel> Models => _models.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToArray();

    public RoutingTable Routing => Volatile.Read(ref _routing);

    public ServedModel? Find(string name) => _models.GetValueOrDefault(name);

    /// <summary>Loads the startup bundles, then the routing file's (if any); completes <see cref="InitialLoad"/>.</summary>
    public async Task LoadStartupAsync(RoutingTable? routing, CancellationToken cancellationToken)
    {
        try
        {
            await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var source in _options.Bundles)
                {
                    await LoadAsync(source.Name, source.Path).ConfigureAwait(false);
                }
                ApplyRoutesLocked(routing ?? RoutingTable.Empty);
            }
            finally
            {
                _loadGate.Release();
            }
            if (routing is not null) await ApplyRoutingAsync(routing).ConfigureAwait(false);
            _initialLoad.TrySetResult();
        }
        catch (Exception e)
        {
            _initialLoad.TrySetException(e);
            throw;
        }
    }

    /// <summary>Loads bundles newly listed in <paramref name="table"/>, then switches every model to its new route atomically.</summary>
    public async Task ApplyRoutingAsync(RoutingTable table)
    {
        await _loadGate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var (model, rule) in table.Models)
            {
                foreach (var dir in rule.Bundles)
                {
                    var known = _models.GetValueOrDefault(model)?.KnownDirectories.Contains(Path.GetFullPath(dir)) ?? false;
                    if (!known) await LoadAsync(model, dir).ConfigureAwait(false);
                }
            }
            ApplyRoutesLocked(table);
        }
        finally
        {
            _loadGate.Release();
        }
    }

    /// <summary>Loads one bundle folder as a version of <paramref name="name"/> (null: the manifest's model). Returns the version, or null when refused.</summary>
    public async Task<ServedVersion?> LoadAsync(string? name, string directory)
    {
        var dir = Path.GetFullPath(directory);
        LoadedBundle? bundle = null;
        var modelName = name;
        try
        {
            bundle = await Task.Run(() => BundleLoader.Load(dir)).ConfigureAwait(false);
            modelName ??= bundle.Manifest.Model;
            var model = GetOrAdd(modelName);
            model.KnownDirectories.Add(dir);
            if (model.Find(bundle.Manifest.Version) is { } existing)
            {
                throw new BundleLoadException(dir, $"version {bundle.Manifest.Version} is already loaded from {existing.Bundle.Directory}");
            }
            var version = await Task.Run(() => new ServedVersion(modelName, bundle, _options, model.Arrivals, model.InFlight, model.Overload, model.Predictions,
                model.ShadowPredictions, _metrics, _logger, _time)).ConfigureAwait(false);
            model.AddVersion(version);
            ServingLog.BundleLoaded(_logger, modelName, version.Version, dir, bundle.Manifest.Task, version.Schema.Inputs.Count, bundle.ModelSha256);
            return version;
        }
        catch (Exception e) when (e is BundleLoadException or IOException or UnauthorizedAccessException)
        {
            var manifest = bundle?.Manifest ?? BundleLoader.TryReadManifest(dir);
            modelName ??= manifest?.Model is { Length: > 0 } manifestName ? manifestName : Path.GetFileName(dir.TrimEnd(Path.DirectorySeparatorChar));
            var reason = e is BundleLoadException b ? b.Reason : e.Message;
            var model = GetOrAdd(modelName);
            model.KnownDirectories.Add(dir);
            model.AddFailure(new LoadFailure(dir, reason, _time.GetUtcNow(), manifest?.Version));
            _metrics.LoadFailures.WithLabels(modelName).Inc();
            ServingLog.BundleRefused(_logger, modelName, dir, reason);
            return null;
        }
    }

    private ServedModel GetOrAdd(string name) =>
        _models.GetOrAdd(name, n => new ServedModel(n, _options.Statistics.PredictionStoreRows));

    private void ApplyRoutesLocked(RoutingTable table)
    {
        Volatile.Write(ref _routing, table);
        foreach (var model in _models.Values)
        {
            var route = ComputeRoute(model, table.For(model.Name));
            model.SetRoute(route);
            if (route is null) continue;
            ServingLog.RouteApplied(_logger, model.Name, route.Stable.Version, route.Canary?.Version, route.CanaryWeight, route.Shadow);
            foreach (var problem in route.Problems) ServingLog.RouteProblem(_logger, model.Name, problem);
            foreach (var v in model.Versions.Values)
            {
                var role = route.Role(v);
                foreach (var r in Roles) _metrics.ModelReady.WithLabels(model.Name, v.Version, r).Set(r == role ? 1 : 0);
                _metrics.RoutingWeight.WithLabels(model.Name, v.Version).Set(route.WeightOf(v));
            }
        }
        foreach (var name in table.Models.Keys.Where(n => !_models.ContainsKey(n)))
        {
            ServingLog.RouteProblem(_logger, name, "the routing file names a model that has no bundle");
        }
    }

    private static ModelRoute? ComputeRoute(ServedModel model, RoutingRule? rule)
    {
        var problems = new List<string>();
        var previous = model.Route;
        string Why(string version)
        {
            var failure = model.Failures.LastOrDefault(f => f.Version == version);
            return failure is null ? "" : $" (refused: {failure.Reason})";
        }
        var stable = rule?.Stable is { } wanted ? model.Find(wanted) : model.Latest;
        if (stable is null && rule?.Stable is { } missing)
        {
            stable = previous?.Stable ?? model.Latest;
            problems.Add($"stable version {missing} is not loaded{Why(missing)}; {(stable is null ? "nothing serves" : $"{stable.Version} keeps serving")}");
        }
        if (stable is null) return null;
        ServedVersion? canary = null;
        if (rule?.Canary is { } c && c != stable.Version)
        {
            canary = model.Find(c);
            if (canary is null) problems.Add($"canary version {c} is not loaded{Why(c)}; all traffic goes to {stable.Version}");
        }
        return new ModelRoute(stable, canary, canary is null ? 0 : rule!.CanaryWeight, canary is not null && rule!.Shadow, problems);
    }

    public void BeginDrain() => _draining = true;

    /// <summary>Why the server stopped at startup (no loadable bundle for a model), or null.</summary>
    public string? StartupFailure { get; private set; }

    /// <summary>
    /// After the startup load: one line per model that has nothing to serve, with its last refusal.
    /// Unless the server waits for bundles, these stop it (see <see cref="ServingOptions.WaitForBundles"/>).
    /// </summary>
    public IReadOnlyList<string> Unservable() =>
        Models.Where(m => !m.IsReady)
            .Select(m => $"model '{m.Name}' has no bundle that loads{(m.Failures.Count > 0 ? $": {m.Failures[^1].Directory}: {m.Failures[^1].Reason}" : "")}")
            .ToArray();

    internal void FailStartup(string reason) => StartupFailure = reason;

    private void UpdateGauges()
    {
        foreach (var model in _models.Values)
        {
            _metrics.InFlight.WithLabels(model.Name).Set(model.InFlight.Pending);
            foreach (var v in model.Versions.Values)
            {
                _metrics.QueueDepth.WithLabels(model.Name, v.Version).Set(v.Batcher.QueueDepth);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _draining = true;
        foreach (var model in _models.Values)
        {
            foreach (var version in model.Versions.Values)
            {
                await version.DisposeAsync().ConfigureAwait(false);
            }
        }
        _loadGate.Dispose();
    }
}
