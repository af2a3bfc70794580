using System.Globalization;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Data.Reading;

/// <summary>
/// Parses cell text into the schema's types with the invariant culture, so a file reads the same
/// on every machine. Surrounding whitespace is ignored for numbers, bools and timestamps (never
/// for strings, which are kept verbatim).
/// </summary>
public static class CellParser
{
    /// <summary>
    /// A float: anything double.TryParse accepts with NumberStyles.Float (no thousands
    /// separators, "1,000" is not a number), plus "inf", "+inf", "-inf", "Infinity" and "-Infinity"
    /// in any case, as numpy and pandas write them. A cell that parses to NaN is returned as NaN,
    /// which the table reads as missing: NaN is never a value.
    /// </summary>
    public static bool TryParseFloat(string text, out double value)
    {
        var s = text.AsSpan().Trim();
        if (s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("+inf", StringComparison.OrdinalIgnoreCase) ||
            s.Equals("infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("+infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (s.Equals("-inf", StringComparison.OrdinalIgnoreCase) || s.Equals("-infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NegativeInfinity;
            return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>An int: a finite number with no fractional part ("3", "3.0" and "3e2" are ints, "2.5" and "inf" are not).</summary>
    public static bool TryParseInt(string text, out double value)
    {
        if (TryParseFloat(text, out value) && (double.IsNaN(value) || (double.IsFinite(value) && Math.Floor(value) == value)))
        {
            return true;
        }
        value = double.NaN;
        return false;
    }

    /// <summary>A bool as 1 or 0: true/t/yes/y/1 and false/f/no/n/0, ignoring case. The server parses bool inputs sent as text with the same <see cref="BoolText"/>.</summary>
    public static bool TryParseBool(string text, out double value) => BoolText.TryParse(text, out value);

    /// <summary>A timestamp (ISO 8601 and the other invariant forms); without an offset it is taken as UTC. The server parses inputs with the same <see cref="TimestampText"/>.</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value) => TimestampText.TryParse(text, out value);

    /// <summary>
    /// A typed value from a Parquet cell as a double, or null when it is not numeric. DateTime,
    /// strings and the rest are not numbers here; strings go through the text parsers instead.
    /// </summary>
    public static double? AsDouble(object value) => value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        long l => l,
        int i => i,
        short s => s,
        sbyte sb => sb,
        byte b => b,
        ushort us => us,
        uint ui => ui,
        ulong ul => ul,
        Half h => (double)h,
        bool flag => flag ? 1 : 0,
        _ => null,
    };

    /// <summary>A typed value from a Parquet cell as invariant text (for string and category columns).</summary>
    public static string AsText(object value) => value switch
    {
        string s => s,
        bool flag => flag ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime dt => ToUtc(dt).ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A typed value from a Parquet cell as a UTC timestamp, or null when it is not a date/time type.</summary>
    public static DateTimeOffset? AsTimestamp(object value) => value switch
    {
        DateTimeOffset dto => dto.ToUniversalTime(),
        // Parquet timestamps carry no offset; unspecified kind is read as UTC, as Parquet's isAdjustedToUTC intends.
        DateTime dt => new DateTimeOffset(ToUtc(dt), TimeSpan.Zero),
        DateOnly date => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        _ => null,
    };

    private static DateTime ToUtc(DateTime dt) => dt.Kind switch
    {
        DateTimeKind.Utc => dt,
        DateTimeKind.Local => dt.ToUniversalTime(),
        _ => DateTime.SpecifyKind(dt, DateTimeKind.Utc),
    };
}
