using System.Text.Json.Nodes;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Crds.Tests;

/// <summary>
/// What the schema's defaults (the C# types' [Default] attributes) imply for an object: every field
/// left out of an object that is present gets its default, as structural-schema defaulting does.
/// </summary>
public static class SchemaDefaults
{
    public static JsonNode Apply(JsonNode node, SchemaNode schema)
    {
        var copy = node.DeepClone();
        Fill(copy, schema);
        return copy;
    }

    private static void Fill(JsonNode? node, SchemaNode schema)
    {
        switch (node)
        {
            case JsonObject obj when schema.Properties is not null:
                foreach (var (name, child) in schema.Properties)
                {
                    if (!obj.ContainsKey(name) && child.Default is not null) obj[name] = JsonValue.Create(child.Default is Enum or string ? child.Default.ToString() : child.Default);
                    if (obj[name] is { } value) Fill(value, child);
                }
                break;
            case JsonObject map when schema.AdditionalProperties is not null:
                foreach (var (_, value) in map) Fill(value, schema.AdditionalProperties);
                break;
            case JsonArray list when schema.Items is not null:
                foreach (var item in list) Fill(item, schema.Items);
                break;
        }
    }

    /// <summary>Paths where two JSON trees differ (numbers compare by value: 1 equals 1.0).</summary>
    public static IReadOnlyList<string> Differences(JsonNode? expected, JsonNode? actual, string path = "")
    {
        var found = new List<string>();
        Compare(expected, actual, path, found);
        return found;
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> found)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                    Compare(e[key], a[key], $"{path}.{key}", found);
                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++) Compare(e[i], a[i], $"{path}[{i}]", found);
                break;
            case (JsonValue e, JsonValue a) when e.TryGetValue<double>(out var x) && a.TryGetValue<double>(out var y):
                if (x != y) found.Add($"{path}: expected {x}, the server has {y}");
                break;
            default:
                if (expected?.ToJsonString() != actual?.ToJsonString())
                    found.Add($"{path}: expected {expected?.ToJsonString() ?? "nothing"}, the server has {actual?.ToJsonString() ?? "nothing"}");
                break;
        }
    }
}
