using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

/// <summary>Calendar fields of a timestamp, read in UTC (the time a Dataset's timestamps are normalised to).</summary>
public enum DatetimePart { Year, Month, DayOfMonth, DayOfWeek, DayOfYear, Hour, Minute }

/// <summary>The unit of the time elapsed since 1970-01-01T00:00:00Z.</summary>
public enum ElapsedUnit { Days, Seconds }

/// <summary>
/// Features derived from a timestamp column inside the model: the exported graph takes the
/// timestamp itself (as Unix seconds, which the server parses from the request), so training and
/// serving compute the calendar the same way.
/// </summary>
public sealed record DatetimeSpec : IHasCelRules<DatetimeSpec>
{
    [MaxItems(7), UniqueItems]
    [Description("Calendar fields to derive, in UTC: year, month (1-12), dayOfMonth (1-31), dayOfWeek (0 = Monday … 6 = Sunday), dayOfYear (1-366), hour (0-23), minute (0-59). Each is standardized with the training split's mean and deviation unless cyclical.")]
    public List<DatetimePart>? Parts { get; init; }

    [Default(false)]
    [Description("Encode every part but year as sin and cos of its position in its cycle (month of 12, dayOfMonth of 31, dayOfWeek of 7, dayOfYear of 366, hour of 24, minute of 60), so December sits next to January.")]
    public bool? Cyclical { get; init; }

    [Description("Also derive the time elapsed since 1970-01-01T00:00:00Z in this unit (standardized on the training split): a trend feature.")]
    public ElapsedUnit? Elapsed { get; init; }

    public static IReadOnlyList<CelRule<DatetimeSpec>> CelRules { get; } =
    [
        new("(has(self.parts) && self.parts.size() > 0) || has(self.elapsed)", "datetime needs parts, elapsed or both",
            d => d.Parts is { Count: > 0 } || d.Elapsed is not null),
        new("!has(self.cyclical) || !self.cyclical || (has(self.parts) && self.parts.exists(p, p != 'year'))",
            "cyclical needs a part other than year (year has no cycle)",
            d => d.Cyclical != true || d.Parts?.Any(p => p != DatetimePart.Year) == true) { FieldPath = ".cyclical" },
    ];
}
