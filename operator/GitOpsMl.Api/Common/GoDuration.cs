using System.Globalization;
using System.Text.RegularExpressions;

namespace GitOpsMl.Api.Common;

/// <summary>Parses Go-style durations ("1h30m", "250ms"), the format Kubernetes users already write.</summary>
public static partial class GoDuration
{
    [GeneratedRegex("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)")]
    private static partial Regex Part();

    [GeneratedRegex(Patterns.Duration)]
    private static partial Regex Whole();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text) || text.Length > 64 || !Whole().IsMatch(text)) return false;
        double ms = 0;
        foreach (Match m in Part().Matches(text))
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            ms += m.Groups[2].Value switch { "ms" => n, "s" => n * 1e3, "m" => n * 60e3, _ => n * 3600e3 };
        }
        if (ms > TimeSpan.MaxValue.TotalMilliseconds) return false;
        value = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not {Patterns.DurationExpected}");
}
