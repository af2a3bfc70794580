using System.Text.Json;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Serving.Routing;

/// <summary>
/// Parses a routing file: <c>{"model": {"stable": "v1", "canary": "v2", "canaryWeight": 10, "shadow": false, "bundles": ["dir"]}}</c>.
/// Relative bundle folders are resolved against <c>baseFolder</c> (the routing file's folder).
/// </summary>
public static class RoutingFileParser
{
    public static RoutingTable Parse(ReadOnlySpan<byte> json, string baseFolder)
    {
        Dictionary<string, RoutingRule>? raw;
        try
        {
            raw = JsonSerializer.Deserialize<Dictionary<string, RoutingRule>>(json, ApiJson.Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"routing file is not valid JSON of the form {{model: {{stable, canary, canaryWeight, shadow}}}}: {e.Message}", e);
        }
        if (raw is null) throw new FormatException("routing file is null");
        var models = new Dictionary<string, RoutingRule>(StringComparer.Ordinal);
        foreach (var (model, rule) in raw)
        {
            if (rule is null) throw new FormatException($"{model}: rule is null");
            if (double.IsNaN(rule.CanaryWeight) || rule.CanaryWeight is < 0 or > 100)
            {
                throw new FormatException($"{model}: canaryWeight {rule.CanaryWeight} is outside 0-100");
            }
            if ((rule.CanaryWeight > 0 || rule.Shadow) && string.IsNullOrEmpty(rule.Canary))
            {
                throw new FormatException($"{model}: canaryWeight or shadow needs a canary version");
            }
            var bundles = (rule.Bundles ?? []).Select(b =>
                string.IsNullOrWhiteSpace(b) ? throw new FormatException($"{model}: empty bundle folder")
                : Path.IsPathRooted(b) ? b : Path.GetFullPath(Path.Combine(baseFolder, b))).ToArray();
            models[model] = rule with { Bundles = bundles };
        }
        return new RoutingTable(models);
    }
}
