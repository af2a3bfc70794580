using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GitOpsMl.Api.Common;

/// <summary>
/// Names derived from content: the sha256 of an object's canonical JSON. Same spec, same hash,
/// so a restarted operator finds the work it already did instead of repeating it.
/// </summary>
public static class ContentHash
{
    /// <summary>Lowercase hex sha256 of the canonical JSON of <paramref name="value"/> (API options: declaration order, nulls omitted).</summary>
    /// <summary>
    /// The digest of a value's API JSON, serialised as its runtime type: a spec held in a variable of a
    /// base type (CustomResource) must hash with its spec, not as the base type's few fields.
    /// </summary>
    public static string Of<T>(T value) =>
        Hex(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, value?.GetType() ?? typeof(T), ApiJson.Options)));

    public static string OfBytes(ReadOnlySpan<byte> bytes) => Hex(SHA256.HashData(bytes));

    public static string OfText(string text) => OfBytes(Encoding.UTF8.GetBytes(text));

    public static string Hex(ReadOnlySpan<byte> digest) => Convert.ToHexStringLower(digest);

    /// <summary>Whether <paramref name="hex"/> looks like a sha256 digest: 64 hexadecimal digits.</summary>
    public static bool IsSha256Hex(string? hex) =>
        hex is { Length: 64 } && hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'));
}
