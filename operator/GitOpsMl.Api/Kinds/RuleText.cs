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

    /// <summary>
    /// CEL for the decimal text of a non-negative int expression no larger than <paramref name="max"/>,
    /// digit by digit: the API server refuses <c>string(int)</c> in a messageExpression because it
    /// cannot bound the string's length, but a digit picked from a list literal has a known size.
    /// </summary>
    public static string CelDecimal(string expression, int max)
    {
        const string digits = "['0','1','2','3','4','5','6','7','8','9']";
        var parts = new List<string>();
        var powers = new List<long>();
        for (long p = 10; p <= max; p *= 10) powers.Add(p);
        powers.Reverse();
        foreach (var p in powers) parts.Add($"({expression} >= {p} ? {digits}[{expression} / {p} % 10] : '')");
        parts.Add($"{digits}[{expression} % 10]");
        return "(" + string.Join(" + ", parts) + ")";
    }

    /// <summary>
    /// CEL that yields the value of an enum field as a string literal: an enum string has no maxLength,
    /// so the API server cannot bound the cost of printing the field itself in a messageExpression.
    /// </summary>
    public static string CelEnumText<TEnum>(string expression) where TEnum : struct, Enum
    {
        var names = Enum.GetValues<TEnum>().Select(Name).ToList();
        return "(" + string.Concat(names[..^1].Select(n => $"{expression} == '{n}' ? '{n}' : ")) + $"'{names[^1]}')";
    }

    /// <summary>An enum value as it is written in YAML (camelCase, or its JSON member name).</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonSerializer.Serialize(value, Common.ApiJson.Options).Trim('"');
}
