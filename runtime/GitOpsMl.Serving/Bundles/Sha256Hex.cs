using System.Security.Cryptography;

namespace GitOpsMl.Serving.Bundles;

/// <summary>Lowercase hex sha256, the format of manifest.json's files map.</summary>
public static class Sha256Hex
{
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Of(Stream stream) => Convert.ToHexStringLower(SHA256.HashData(stream));

    public static bool IsWellFormed(string? hex) =>
        hex is { Length: 64 } && hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'));
}
