namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// What analysis sees of the canary since it loaded: its requests, error rate and p99 latency (from the
/// servers' metrics), shadow agreement with stable (null when not shadowing), and the Monitor's verdict
/// (a breach with its message; the Monitor applies its own minSamples). For a shadow (<paramref name="Shadow"/>)
/// the requests are the mirrored ones it ran, and errors and latency are those of its runs.
/// </summary>
public sealed record CanaryObservation(long Requests, double? ErrorRate = null, double? P99LatencyMs = null, double? ShadowAgreement = null,
    bool MonitorBreached = false, string? MonitorMessage = null, bool Shadow = false)
{
    /// <summary>How the requests are named in messages.</summary>
    public string RequestsText => Shadow ? "mirrored requests" : "requests";
}
