using GitOpsMl.Api.Common;

namespace GitOpsMl.Data.Features;

/// <summary>
/// The value of each <see cref="DatetimeQuantity"/> for a timestamp given as Unix seconds (what the
/// exported graph receives), from .NET's own calendar: the graph derives the same numbers with
/// arithmetic, and parity tests compare the two. Calendar fields are of the whole second
/// (Floor of the seconds), elapsed time keeps the fraction.
/// </summary>
public static class DatetimeQuantities
{
    public const double SecondsPerDay = 86400;

    /// <summary>Unix seconds of a timestamp, NaN when it is missing.</summary>
    public static double Seconds(DateTimeOffset? timestamp) => timestamp is { } t ? TimestampText.ToUnixSeconds(t) : double.NaN;

    /// <summary>NaN for missing (NaN) seconds. Day of week counts from Monday = 0 (ISO 8601 order).</summary>
    public static double Of(DatetimeQuantity quantity, double seconds)
    {
        if (double.IsNaN(seconds)) return double.NaN;
        var utc = DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(seconds)).UtcDateTime;
        return quantity switch
        {
            DatetimeQuantity.Year => utc.Year,
            DatetimeQuantity.Month => utc.Month,
            DatetimeQuantity.DayOfMonth => utc.Day,
            DatetimeQuantity.DayOfWeek => ((int)utc.DayOfWeek + 6) % 7,
            DatetimeQuantity.DayOfYear => utc.DayOfYear,
            DatetimeQuantity.Hour => utc.Hour,
            DatetimeQuantity.Minute => utc.Minute,
            DatetimeQuantity.ElapsedDays => seconds / SecondsPerDay,
            DatetimeQuantity.ElapsedSeconds => seconds,
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
