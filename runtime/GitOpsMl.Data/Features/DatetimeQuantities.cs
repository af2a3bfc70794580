using GitOpsMl.Api.Common;

namespace GitOpsMl.Data.Features;

/// <summary>
/// The value of each <see cref="DatetimeQuantity"/> for a timestamp, from .NET's own calendar (the
/// exported graph derives the same numbers with arithmetic on Unix seconds; parity tests compare
/// the two), and each cyclical quantity's cycle.
/// </summary>
public static class DatetimeQuantities
{
    public const double SecondsPerDay = 86400;

    /// <summary>NaN for a missing timestamp. Day of week counts from Monday = 0 (ISO 8601 order).</summary>
    public static double Of(DatetimeQuantity quantity, DateTimeOffset? timestamp)
    {
        if (timestamp is not { } t) return double.NaN;
        var utc = t.UtcDateTime;
        return quantity switch
        {
            DatetimeQuantity.Year => utc.Year,
            DatetimeQuantity.Month => utc.Month,
            DatetimeQuantity.DayOfMonth => utc.Day,
            DatetimeQuantity.DayOfWeek => ((int)utc.DayOfWeek + 6) % 7,
            DatetimeQuantity.DayOfYear => utc.DayOfYear,
            DatetimeQuantity.Hour => utc.Hour,
            DatetimeQuantity.Minute => utc.Minute,
            DatetimeQuantity.ElapsedDays => TimestampText.ToUnixSeconds(t) / SecondsPerDay,
            DatetimeQuantity.ElapsedSeconds => TimestampText.ToUnixSeconds(t),
            _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, null),
        };
    }

    /// <summary>The first value and the length of a quantity's cycle; null for year and elapsed time, which do not repeat.</summary>
    public static (double First, double Period)? Cycle(DatetimeQuantity quantity) => quantity switch
    {
        DatetimeQuantity.Month => (1, 12),
        DatetimeQuantity.DayOfMonth => (1, 31),
        DatetimeQuantity.DayOfWeek => (0, 7),
        DatetimeQuantity.DayOfYear => (1, 366),
        DatetimeQuantity.Hour => (0, 24),
        DatetimeQuantity.Minute => (0, 60),
        _ => null,
    };
}
