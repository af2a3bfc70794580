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

    public VersionTraffic Of(string version) => Versions.TryGetValue(version, out var t) ? t : new VersionTraffic(version, 0, 0, null);

    public VersionTraffic ShadowOf(string version) => Shadows.TryGetValue(version, out var t) ? t : new VersionTraffic(version, 0, 0, null);
}
