using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GitOpsMl.Cli.ControlPlane;

/// <summary>
/// Evaluates the JSONPath subset CRD printer columns use: dotted fields, <c>[n]</c> indexes and
/// <c>[?(@.field=="value")]</c> filters, e.g. <c>.status.conditions[?(@.type=="Ready")].status</c>.
/// Anything else is refused when the column is read, never silently blank.
/// </summary>
public static partial class PrinterColumnPath
{
    public static JsonNode? Evaluate(JsonNode? root, string path)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (Match step in StepPattern().Matches(path))
        {
            if (step.Groups["field"].Success)
            {
                var name = step.Groups["field"].Value;
                current = current.Select(n => n is JsonObject o ? o[name] : null);
            }
            else if (step.Groups["index"].Success)
            {
                var i = int.Parse(step.Groups["index"].Value);
                current = current.Select(n => n is JsonArray a && i < a.Count ? a[i] : null);
            }
            else
            {
                var field = step.Groups["key"].Value;
                var value = step.Groups["value"].Value;
                current = current.SelectMany(n => n is JsonArray a
                    ? a.Where(item => item is JsonObject o && o[field]?.ToString() == value)
                    : []);
            }
        }
        return current.FirstOrDefault(n => n is not null);
    }

    [GeneratedRegex("""\.(?<field>[A-Za-z0-9_-]+)|\[(?<index>\d+)\]|\[\?\(@\.(?<key>[A-Za-z0-9_-]+)==["'](?<value>[^"']*)["']\)\]""")]
    private static partial Regex StepPattern();
}
