using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GitOpsMl.Data.Splitting;

/// <summary>Hashes whose values never change across processes, platforms or .NET versions (unlike string.GetHashCode).</summary>
public static class StableHash
{
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>64-bit FNV-1a over the UTF-8 bytes of <paramref name="value"/>.</summary>
    public static ulong Fnv1a64(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = FnvOffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash ^= b;
            hash *= FnvPrime;
        }
        return hash;
    }

    /// <summary>
    /// A point in [0, 1) for <paramref name="value"/>: the first 8 bytes of SHA-256 of its UTF-8
    /// bytes, big-endian, top 53 bits scaled by 2^-53. SHA-256 rather than FNV because split keys
    /// are often sequential ids, and FNV's high bits spread those less evenly.
    /// </summary>
    public static double UnitInterval(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return (BinaryPrimitives.ReadUInt64BigEndian(digest) >> 11) * (1.0 / (1UL << 53));
    }
}
