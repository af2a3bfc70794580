using System.Text;

namespace GitOpsMl.Onnx;

/// <summary>
/// Hash bucketing for high-cardinality string columns, defined so ONNX can reproduce it exactly.
///
/// ONNX has no string-hash operator, so the graph cannot hash at serving time. Instead the
/// exporter hashes every string of the known (training) vocabulary here, in C#, and writes the
/// resulting string→bucket table into an ai.onnx.ml LabelEncoder. The semantics are therefore:
/// <list type="bullet">
/// <item>known value v   → <c>Fnv1a64(UTF-8 bytes of v) mod bucketCount</c>, in [0, bucketCount)</item>
/// <item>any other value → <c>bucketCount</c> (the dedicated unknown bucket), total width bucketCount + 1</item>
/// </list>
/// "" (missing) follows the same rule: it is hashed if the vocabulary contains it, otherwise unknown.
/// Because unseen strings never reach a hashed bucket, the trainer should build the known
/// vocabulary from values seen at least k times and route the rare ones to the unknown bucket
/// during training too (via <see cref="Bucket"/>), so that bucket's weights get trained.
/// </summary>
public static class HashBucketMath
{
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>64-bit FNV-1a over the UTF-8 bytes: stable across processes, platforms and .NET versions (unlike string.GetHashCode).</summary>
    public static ulong StableHash(string value)
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

    /// <summary>The hashed bucket a known value occupies, in [0, bucketCount).</summary>
    public static long HashedBucket(string value, int bucketCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCount, 1);
        return (long)(StableHash(value) % (ulong)bucketCount);
    }

    /// <summary>Bucket of <paramref name="value"/> (null = ""): hashed when known, else <paramref name="bucketCount"/>.</summary>
    public static long Bucket(string? value, CategoryVocabulary known, int bucketCount)
    {
        var text = value ?? string.Empty;
        return known.Contains(text) ? HashedBucket(text, bucketCount) : bucketCount;
    }

    /// <summary>One-hot row of width bucketCount + 1 for <see cref="Bucket"/>.</summary>
    public static float[] OneHot(string? value, CategoryVocabulary known, int bucketCount)
    {
        var row = new float[bucketCount + 1];
        row[Bucket(value, known, bucketCount)] = 1f;
        return row;
    }
}
