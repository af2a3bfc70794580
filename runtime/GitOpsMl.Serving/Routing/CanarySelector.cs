using GitOpsMl.Serving.Observability;

namespace GitOpsMl.Serving.Routing;

/// <summary>
/// Weighted canary choice. With a request id the choice is a pure function of the id (the same id
/// always goes the same way, and ids spread uniformly over 10,000 buckets); without one it is random.
/// </summary>
public static class CanarySelector
{
    public const int Buckets = 10_000;

    public static bool ToCanary(string? requestId, double weightPercent, Random random)
    {
        if (weightPercent <= 0) return false;
        if (weightPercent >= 100) return true;
        var point = requestId is null ? random.NextDouble() * Buckets : Bucket(requestId);
        return point < weightPercent * (Buckets / 100.0);
    }

    /// <summary>The request id's hash reduced to [0, 10000): the same id always lands in the same bucket.</summary>
    public static int Bucket(string requestId) => (int)(RequestIdHash.Of(requestId) % Buckets);
}
