using System.Security.Cryptography;

namespace GitOpsMl.Serving.Observability;

/// <summary>Request ids: the client's x-request-id (or the v2 body's "id") when given, else a generated one unique per process start.</summary>
public static class RequestIds
{
    public const string Header = "x-request-id";
    public const string VersionHeader = "x-model-version";
    public const int MaxLength = 128;

    private static readonly string Prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private static long _counter;

    public static string Next() => string.Create(null, stackalloc char[32], $"{Prefix}-{Interlocked.Increment(ref _counter):x}");

    /// <summary>A usable client id: 1–128 printable ASCII characters.</summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength) return false;
        foreach (var c in id)
        {
            if (c is < (char)0x21 or > (char)0x7e) return false;
        }
        return true;
    }
}
