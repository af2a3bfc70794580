using GitOpsMl.Controllers.Observation;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// What analysis judges a canary on, from the servers' traffic. A canary answering its weight's share is
/// judged on the requests it answered. A shadow answers none: it is judged on what shadows produce — the
/// mirrored requests it ran (minRequests counts them), their failures (maxErrorRate), the latency of its
/// successful runs (maxP99LatencyMs) and its agreement with stable (minAgreement).
/// </summary>
public static class CanaryAnalysis
{
    public static CanaryObservation Observe(ServingTraffic traffic, string canaryVersion, bool shadow, bool monitorBreached = false, string? monitorMessage = null)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        var seen = shadow ? traffic.ShadowOf(canaryVersion) : traffic.Of(canaryVersion);
        return new CanaryObservation(seen.Requests, seen.ErrorRate, seen.P99Milliseconds,
            shadow && traffic.ShadowCompared > 0 ? traffic.ShadowAgreement : null, monitorBreached, monitorMessage, shadow);
    }
}
