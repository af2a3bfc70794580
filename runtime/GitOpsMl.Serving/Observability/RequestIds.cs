using System.Security.Cryptography;
using System.Text;

namespace GitOpsMl.Serving.Observability;

/// <summary>
/// Request ids. The Open Inference Protocol lets a client give any string as the body's "id" and
/// requires it back unchanged; service meshes add an x-request-id header to every request. Both
/// are kept: the body id goes back in the body, the header id (else a header-safe body id, else a
/// generated one) in the x-request-id response header and in logs. Ids are bounded generously
/// and escaped when logged; they are never metric labels.
/// </summary>
public static class RequestIds
{
    public const string Header = "x-request-id";
    public const string VersionHeader = "x-model-version";

    /// <summary>Longest id accepted (characters), in the header or the body.</summary>
    public const int MaxLength = 1024;

    /// <summary>Longest body id also used as the trace id (header, logs) when no header id is given.</summary>
    public const int MaxHeaderSafeLength = 128;

    private static readonly string Prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private static long _counter;

    public static string Next() => string.Create(null, stackalloc char[32], $"{Prefix}-{Interlocked.Increment(ref _counter):x}");

    /// <summary>An id that can be sent back as a header value as it is: 1–128 printable ASCII characters.</summary>
    public static bool IsHeaderSafe(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxHeaderSafeLength) return false;
        foreach (var c in id)
        {
            if (c is < (char)0x21 or > (char)0x7e) return false;
        }
        return true;
    }

    /// <summary>The id with control and non-ASCII characters escaped (\uXXXX), so a logged id cannot forge or break log lines.</summary>
    public static string ForLog(string id)
    {
        foreach (var c in id)
        {
            if (c is < (char)0x20 or > (char)0x7e || c == '\\') return Escape(id);
        }
        return id;
    }

    private static string Escape(string id)
    {
        var sb = new StringBuilder(id.Length + 16);
        foreach (var c in id)
        {
            if (c == '\\') sb.Append(@"\\");
            else if (c is < (char)0x20 or > (char)0x7e) sb.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
