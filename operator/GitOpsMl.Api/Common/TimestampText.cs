using System.Globalization;

namespace GitOpsMl.Api.Common;

/// <summary>
/// The one timestamp parser of the product: the data readers use it for timestamp cells and the
/// server for timestamp inputs, so a value that trains is a value that serves, the same instant.
/// ISO 8601 and the other invariant forms; a text without an offset is taken as UTC; surrounding
/// whitespace is ignored.
/// </summary>
public static class TimestampText
{
    public static bool TryParse(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary>Seconds since 1970-01-01T00:00:00Z (negative before), to the tick: what a timestamp input of the exported graph holds.</summary>
    public static double ToUnixSeconds(DateTimeOffset value) =>
        (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond;

    /// <summary>The instant <paramref name="seconds"/> after 1970-01-01T00:00:00Z, or false when it is not finite or outside years 1 to 9999.</summary>
    public static bool TryFromUnixSeconds(double seconds, out DateTimeOffset value)
    {
        value = default;
        if (!double.IsFinite(seconds)) return false;
        var ticks = seconds * TimeSpan.TicksPerSecond + DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
        value = new DateTimeOffset((long)Math.Round(ticks), TimeSpan.Zero);
        return true;
    }
}
