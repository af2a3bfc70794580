namespace GitOpsMl.Data.Features;

/// <summary>A number read off a timestamp (in UTC): a calendar field, or the time since 1970-01-01T00:00:00Z.</summary>
public enum DatetimeQuantity { Year, Month, DayOfMonth, DayOfWeek, DayOfYear, Hour, Minute, ElapsedDays, ElapsedSeconds }
