using System.Text;
using System.Text.Json;

namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// Reads BYTES values so that repeated ones share one string: a categorical column of a large
/// request holds a few distinct values many times, and one string object per value would cost
/// several times the body's size. Bounded: after <see cref="MaxDistinct"/> distinct values (or for
/// long, escaped or segment-crossing values) it reads plain strings.
/// </summary>
public sealed class StringInterner
{
    public const int MaxDistinct = 256;
    private const int MaxInternedBytes = 64;

    private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringInterner() => _lookup = _seen.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Same contract as <see cref="JsonValues.TryReadString"/>: a string, or "" for null; false otherwise.</summary>
    public bool TryRead(ref Utf8JsonReader reader, out string value)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxInternedBytes)
        {
            return JsonValues.TryReadString(ref reader, out value);
        }
        Span<char> chars = stackalloc char[MaxInternedBytes];
        if (!Encoding.UTF8.TryGetChars(reader.ValueSpan, chars, out var written))
        {
            return JsonValues.TryReadString(ref reader, out value);
        }
        var span = chars[..written];
        if (_lookup.TryGetValue(span, out var known))
        {
            value = known;
            return true;
        }
        value = reader.GetString()!;
        if (_seen.Count < MaxDistinct) _seen[value] = value;
        return true;
    }
}
