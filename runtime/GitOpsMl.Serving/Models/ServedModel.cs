using System.Collections.Immutable;
using GitOpsMl.Serving.Batching;
using GitOpsMl.Serving.Quality;
using GitOpsMl.Serving.Routing;

namespace GitOpsMl.Serving.Models;

/// <summary>
/// A model name and all its loaded versions. The route and the version map are immutable values
/// swapped atomically, so a reload never disturbs a request that already picked its version.
/// </summary>
public sealed class ServedModel(string name, int predictionStoreRows)
{
    private ImmutableDictionary<string, ServedVersion> _versions = ImmutableDictionary.Create<string, ServedVersion>(StringComparer.Ordinal);
    private ImmutableList<LoadFailure> _failures = [];
    private ModelRoute? _route;

    public string Name { get; } = name;

    public ArrivalCounter Arrivals { get; } = new();

    /// <summary>Inference requests of this model being processed (exported as gitopsml_inflight_requests).</summary>
    public ArrivalCounter InFlight { get; } = new();

    /// <summary>When the model last shed a request for being full: turns on its queues' timeouts (QueueTimeout).</summary>
    public OverloadSignal Overload { get; } = new();

    public PredictionStore Predictions { get; } = new(predictionStoreRows);

    public PredictionStore ShadowPredictions { get; } = new(predictionStoreRows);

    /// <summary>Bundle folders tried so far (loaded or refused), so a reload only loads new ones.</summary>
    internal HashSet<string> KnownDirectories { get; } = new(StringComparer.Ordinal);

    /// <summary>The most recently loaded version: the default when no routing rule names a stable version.</summary>
    internal ServedVersion? Latest { get; set; }

    public IReadOnlyDictionary<string, ServedVersion> Versions => _versions;

    public IReadOnlyList<LoadFailure> Failures => _failures;

    public ModelRoute? Route => Volatile.Read(ref _route);

    public bool IsReady => Route is not null;

    internal void AddVersion(ServedVersion version)
    {
        ImmutableInterlocked.Update(ref _versions, (d, v) => d.SetItem(v.Version, v), version);
        Latest = version;
    }

    internal void AddFailure(LoadFailure failure) =>
        ImmutableInterlocked.Update(ref _failures, (l, f) => (l.Count >= 20 ? l.RemoveAt(0) : l).Add(f), failure);

    internal void SetRoute(ModelRoute? route) => Volatile.Write(ref _route, route);

    public ServedVersion? Find(string version) => _versions.GetValueOrDefault(version);

    /// <summary>
    /// Picks the answering version: the canary for CanaryWeight percent of request ids (the same id
    /// always lands on the same side), otherwise stable; in shadow mode stable answers and the canary gets a copy.
    /// </summary>
    public RouteDecision? Decide(string? requestId, Random random)
    {
        var route = Route;
        if (route is null) return null;
        if (route.Canary is null) return new RouteDecision(route.Stable, null);
        if (route.Shadow) return new RouteDecision(route.Stable, route.Canary);
        return CanarySelector.ToCanary(requestId, route.CanaryWeight, random)
            ? new RouteDecision(route.Canary, null)
            : new RouteDecision(route.Stable, null);
    }
}
