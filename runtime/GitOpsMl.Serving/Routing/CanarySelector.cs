using System.Text;

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

    /// <summary>FNV-1a 64 of the UTF-8 id, mixed (splitmix64 finaliser) and reduced to [0, 10000).</summary>
    public static int Bucket(string requestId)
    {
        var hash = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(requestId) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(requestId, buffer)]
            : Encoding.UTF8.GetBytes(requestId);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        hash ^= hash >> 31;
        return (int)(hash % Buckets);
    }
}
