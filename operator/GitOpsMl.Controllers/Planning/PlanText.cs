using System.Globalization;

namespace GitOpsMl.Controllers.Planning;

/// <summary>Numbers as condition messages and events show them: short, invariant, never "1E-05" for ordinary metrics.</summary>
internal static class PlanText
{
    public static string Number(double value) =>
        value == 0 || Math.Abs(value) >= 1e-3 ? value.ToString("0.####", CultureInfo.InvariantCulture) : value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>A duration as a spec writes it: 1h, 10m, 1h30m, 45s.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span <= TimeSpan.Zero) return "0s";
        var text = (span.Days * 24 + span.Hours > 0 ? $"{span.Days * 24 + span.Hours}h" : "") + (span.Minutes > 0 ? $"{span.Minutes}m" : "")
            + (span.Seconds > 0 || span.Milliseconds > 0 ? (span.TotalSeconds % 60).ToString("0.###", CultureInfo.InvariantCulture) + "s" : "");
        return text;
    }
}
