namespace GitOpsMl.Onnx;

/// <summary>A number <see cref="DatetimeBlockOps"/> reads off Unix seconds, in UTC.</summary>
public enum CalendarField
{
    Year,
    /// <summary>1-12.</summary>
    Month,
    /// <summary>1-31.</summary>
    DayOfMonth,
    /// <summary>0 = Monday … 6 = Sunday.</summary>
    DayOfWeek,
    /// <summary>1-366.</summary>
    DayOfYear,
    Hour,
    Minute,
    /// <summary>Seconds / 86400, fraction kept.</summary>
    ElapsedDays,
    /// <summary>The seconds themselves.</summary>
    ElapsedSeconds,
}
