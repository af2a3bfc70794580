namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// What analysis sees of the canary since its step began: its requests, error rate and p99 latency
/// (from the servers' metrics), shadow agreement with stable (null when not shadowing), and the
/// Monitor's verdict (a breach with its message; the Monitor applies its own minSamples).
/// </summary>
public sealed record CanaryObservation(long Requests, double? ErrorRate = null, double? P99LatencyMs = null, double? ShadowAgreement = null,
    bool MonitorBreached = false, string? MonitorMessage = null);
