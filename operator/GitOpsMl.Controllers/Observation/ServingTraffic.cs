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

    public VersionTraffic Of(string version) => Versions.TryGetValue(version, out var t) ? t : new VersionTraffic(version, 0, 0, null);
}
