using System.Globalization;

namespace GitOpsMl.Api.Schema;

/// <summary>
/// A schema node in words, shared by the generated reference and `gitopsml explain` so both say
/// the same: its type, default, allowed values and bounds as a person would write them.
/// </summary>
public static class SchemaWords
{
    /// <summary>The type as kubectl explain writes it: string, integer, []string, []Object, map[string]number.</summary>
    public static string Type(SchemaNode node)
    {
        if (node.Items is { } items) return "[]" + Type(items);
        if (node.AdditionalProperties is { } values) return "map[string]" + Type(values);
        return node switch
        {
            { Type: "object" } => "Object",
            { Type: "string", Format: "date-time" } => "string (date-time)",
            _ => node.Type,
        };
    }

    /// <summary>The default as it would be written in YAML, or null.</summary>
    public static string? Default(SchemaNode node) => node.Default is { } d ? Value(d) : null;

    /// <summary>The allowed values of an enum (or of a list of enums), or null.</summary>
    public static IReadOnlyList<string>? AllowedValues(SchemaNode node) => node.Enum ?? node.Items?.Enum;

    /// <summary>Bounds, lengths, sizes, patterns and list semantics, one phrase each, in a fixed order.</summary>
    public static IReadOnlyList<string> Constraints(SchemaNode node)
    {
        var words = new List<string>();
        Own(node, words);
        if (node.Items is { } items)
        {
            var itemWords = new List<string>();
            Own(items, itemWords);
            words.AddRange(itemWords.Select(w => "each item " + w));
        }
        if (node.AdditionalProperties is { } values)
        {
            var valueWords = new List<string>();
            Own(values, valueWords);
            words.AddRange(valueWords.Select(w => "each value " + w));
        }
        return words;
    }

    private static void Own(SchemaNode node, List<string> words)
    {
        if (node.Minimum is { } min) words.Add((node.ExclusiveMinimum ? "greater than " : "at least ") + Number(min));
        if (node.Maximum is { } max) words.Add((node.ExclusiveMaximum ? "less than " : "at most ") + Number(max));
        if (Range(node.MinLength, node.MaxLength, "character") is { } length) words.Add(length);
        if (Range(node.MinItems, node.MaxItems, "item") is { } size) words.Add(size);
        if (node.Pattern is { } pattern) words.Add($"{node.PatternExpected ?? "must match"} (pattern {pattern})");
        if (node.ListType == "set") words.Add("items unique");
        if (node.ListType == "map" && node.ListMapKeys is { } keys) words.Add("items unique by " + string.Join(", ", keys));
        if (node.PreserveUnknownFields) words.Add("free-form: any fields are kept");
    }

    private static string? Range(int? min, int? max, string unit) => (min, max) switch
    {
        (int a, int b) when a == b => $"exactly {Plural(a, unit)}",
        (int a, int b) => $"{a} to {Plural(b, unit)}",
        (int a, null) => $"at least {Plural(a, unit)}",
        (null, int b) => $"at most {Plural(b, unit)}",
        _ => null,
    };

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Value(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => Number(d),
        float f => Number(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
