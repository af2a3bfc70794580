using System.Globalization;
using System.Text;

namespace GitOpsMl.Api.Common;

/// <summary>
/// User text (keys, values, tags, names, request values) as it may appear inside any message this product writes:
/// manifest load and validation errors, and the server's 400s. One rule for all, so a value is cut and escaped the
/// same way wherever it is quoted back.
/// </summary>
public static class UserText
{
    private const int MaxLength = 80;

    /// <summary>
    /// Keeps user text in messages short, on one line, and free of characters a terminal or CI log would
    /// act on: line breaks, escapes and other control or format characters (bidi overrides, zero-width
    /// characters) are shown as \uXXXX.
    /// </summary>
    public static string Shorten(string text)
    {
        // Never cut a surrogate pair in half: a lone high surrogate would make the message invalid UTF-16.
        var s = text.Length > MaxLength
            ? text.AsSpan(0, char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength)
            : text.AsSpan();
        var builder = new StringBuilder(s.Length + 8);
        foreach (char c in s)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        if (text.Length > MaxLength)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }
}
