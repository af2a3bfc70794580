using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace GitOpsMl.Api.Manifests;

/// <summary>
/// Turns the bytes of a file into text for the YAML parser, refusing what is not UTF-8 YAML text: invalid
/// UTF-8, other encodings' byte order marks, NUL bytes and the control characters YAML excludes from its
/// character set. YamlDotNet itself silently drops some of those (a U+0001 turns a value into an empty
/// string), so they must be caught before it sees them.
/// </summary>
internal static class ManifestText
{
    /// <summary>Line breaks as YamlDotNet counts them (it follows YAML 1.1: NEL, LS and PS break lines too).</summary>
    internal static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n\u0085\u2028\u2029");

    // Outside YAML's c-printable set: C0 controls except TAB, LF, CR; DEL; C1 controls except NEL; U+FFFE, U+FFFF.
    // (Surrogates cannot come out of valid UTF-8.)
    private static readonly SearchValues<char> NotPrintable = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\u007F\u0080\u0081\u0082\u0083\u0084\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F" +
        "\uFFFE\uFFFF");

    private const string MustBeText = "a manifest must be UTF-8 text";

    public static ManifestLoadError? TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        text = string.Empty;
        string? otherEncoding = bytes switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] or [0x00, 0x00, 0xFE, 0xFF, ..] => "UTF-32",
            [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] => "UTF-16",
            _ => null,
        };
        if (otherEncoding is not null)
        {
            return new ManifestLoadError(
                SourceMark.FileStart,
                $"the file starts with a {otherEncoding} byte order mark; {MustBeText}")
            { Kind = ManifestLoadErrorKind.InvalidEncoding };
        }

        int bomLength = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        var body = bytes[bomLength..];

        int invalidAt = Utf8.IsValid(body) ? -1 : FirstInvalidUtf8(body);
        var valid = invalidAt < 0 ? body : body[..invalidAt];
        string decoded = Encoding.UTF8.GetString(valid);

        int bad = decoded.AsSpan().IndexOfAny(NotPrintable);
        if (bad >= 0)
        {
            char c = decoded[bad];
            long offset = bomLength + Encoding.UTF8.GetByteCount(decoded.AsSpan(0, bad));
            string what = c == '\0'
                ? "NUL byte"
                : string.Create(CultureInfo.InvariantCulture, $"control character U+{(int)c:X4}");
            return new ManifestLoadError(
                MarkAt(decoded, bad),
                $"{what} at byte offset {offset}: the file looks binary; {MustBeText} and YAML does not allow this character")
            { Kind = ManifestLoadErrorKind.BinaryContent };
        }

        if (invalidAt >= 0)
        {
            return new ManifestLoadError(
                MarkAt(decoded, decoded.Length),
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"invalid UTF-8 at byte offset {bomLength + invalidAt} (byte 0x{body[invalidAt]:X2}): the file looks binary or uses another encoding; {MustBeText}"))
            { Kind = ManifestLoadErrorKind.InvalidEncoding };
        }

        text = decoded;
        return null;
    }

    /// <summary>The line and column of <paramref name="index"/> in <paramref name="text"/>, counted as YamlDotNet counts them.</summary>
    public static SourceMark MarkAt(string text, int index)
    {
        int line = 1;
        int lineStart = 0;
        var span = text.AsSpan(0, index);
        int i = 0;
        while (true)
        {
            int next = span[i..].IndexOfAny(LineBreaks);
            if (next < 0)
            {
                break;
            }

            i += next;
            i += span[i] == '\r' && i + 1 < span.Length && span[i + 1] == '\n' ? 2 : 1;
            line++;
            lineStart = i;
        }

        return new SourceMark(line, index - lineStart + 1);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            int ascii = bytes[i..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (ascii < 0)
            {
                return -1;
            }

            i += ascii;
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out int consumed) != OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return -1;
    }
}
