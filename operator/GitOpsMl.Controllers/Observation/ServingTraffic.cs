namespace GitOpsMl.Controllers.Observation;

/// <summary>Counters of one served version since it loaded, summed over replicas.</summary>
public sealed record VersionTraffic(string Version, long Requests, long Errors, double? P99Milliseconds)
{
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
}

/// <summary>Traffic of every version a Deployment serves, in-flight requests, and shadow agreement.</summary>
public sealed record ServingTraffic(IReadOnlyDictionary<string, VersionTraffic> Versions, double InFlight, double? ShadowAgreement, long ShadowCompared)
{
    public static ServingTraffic None { get; } = new(new Dictionary<string, VersionTraffic>(), 0, null, 0);

    /// <summary>
    /// A shadow version's mirrored runs, by version: Requests the runs it made, Errors those that failed,
    /// P99 the latency of its successful runs. A shadow answers no client, so <see cref="Versions"/> has none of it.
    /// </summary>
    public IReadOnlyDictionary<string, VersionTraffic> Shadows { get; init; } = new Dictionary<string, VersionTraffic>();

    /// <summary>Requests each replica received for the model since it started (its counter; a restart sets it back to 0), by replica name.</summary>
    public IReadOnlyDictionary<string, long> RequestsByReplica { get; init; } = new Dictionary<string, long>();

    /// <summary>Percent of requests each version answers under the routing in force, by replica name, as each replica reports it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> RoutingByReplica { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, double>>();

    /// <summary>
    /// The weight <paramref name="version"/> gets on every replica that reports routing (the lowest, so a replica that has
    /// not reloaded yet holds it back), or null when none reports.
    /// </summary>
    public double? RoutedWeight(string version) =>
        RoutingByReplica.Count == 0 ? null : RoutingByReplica.Values.Min(weights => weights.GetValueOrDefault(version));

    public VersionTraffic Of(string version) => Versions.TryGetValue(version, out var t) ? t : new VersionTraffic(version, 0, 0, null);

    public VersionTraffic ShadowOf(string version) => Shadows.TryGetValue(version, out var t) ? t : new VersionTraffic(version, 0, 0, null);
}
