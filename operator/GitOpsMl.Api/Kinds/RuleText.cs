using System.Globalization;

namespace GitOpsMl.Api.Kinds;

/// <summary>Number formatting for the offline explanations of CEL rules (<c>CelRule.Explain</c>).</summary>
internal static class RuleText
{
    /// <summary>A number as a person wrote it: invariant culture, rounded to hide binary noise (0.7 + 0.2 + 0.2 is 1.1, not 1.0999999999999999).</summary>
    public static string Number(double value) => Math.Round(value, 9).ToString(CultureInfo.InvariantCulture);

    /// <summary>A number, or its default marked as one, so a message shows where an unexpected value came from.</summary>
    public static string OrDefault(double? value, double defaultValue) =>
        value is { } v ? Number(v) : $"{Number(defaultValue)} (default)";

    /// <summary>An enum value as it is written in YAML (camelCase, or its JSON member name).</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonSerializer.Serialize(value, Common.ApiJson.Options).Trim('"');
}
