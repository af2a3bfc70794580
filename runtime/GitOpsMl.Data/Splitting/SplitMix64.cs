namespace GitOpsMl.Data.Splitting;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny PRNG written out here so a seeded split is the
/// same on every .NET version and platform, which System.Random does not promise.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1): the top 53 bits scaled by 2^-53.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// Uniform integer in [0, bound) by Lemire's multiply-high. The bias is below bound/2^64,
    /// invisible for any row count, and the mapping is pure integer arithmetic, hence portable.
    /// </summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        return (int)Math.BigMul(Next(), (ulong)bound, out _);
    }
}
