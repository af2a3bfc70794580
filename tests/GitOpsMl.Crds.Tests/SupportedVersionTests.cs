using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GitOpsMl.Crds.Tests;

/// <summary>The CRDs use no feature newer than the minimum Kubernetes version the README states.</summary>
public sealed partial class SupportedVersionTests
{
    /// <summary>The minimum supported version; README.md, section "Supported Kubernetes versions", states the same.</summary>
    public static readonly Version Minimum = new(1, 28);

    /// <summary>Features of x-kubernetes-validations with the Kubernetes version that brought them (as text in a rule, or as a rule field).</summary>
    private static readonly (string Feature, Regex Pattern, Version Since, bool Field)[] Features =
    [
        ("messageExpression", new("^messageExpression$"), new(1, 27), true),
        ("fieldPath", new("^fieldPath$"), new(1, 28), true),
        ("reason", new("^reason$"), new(1, 28), true),
        ("optionalOldSelf", new("^optionalOldSelf$"), new(1, 29), true),
        ("optional field access ?.", new(@"\?\.|\.\?"), new(1, 29), false),
        ("quantity library", new(@"\bquantity\(|isQuantity\("), new(1, 29), false),
        ("string format", new(@"\.format\("), new(1, 29), false),
        ("sets library", new(@"\bsets\."), new(1, 30), false),
        ("ip/cidr library", new(@"\b(ip|cidr|isIP|isCIDR)\("), new(1, 31), false),
        ("lists range/sort/distinct", new(@"lists\.range|\.sort\(|\.sortBy\(|\.distinct\(|\.flatten\(|\.reverse\(|\.first\(|\.last\("), new(1, 31), false),
        ("math library", new(@"\bmath\."), new(1, 31), false),
        ("two-variable comprehensions", new(@"\.(all|exists|existsOne|transformList|transformMap)\(\s*\w+\s*,\s*\w+\s*,"), new(1, 33), false),
    ];

    [Fact]
    public void The_readme_states_the_minimum_version()
    {
        var readme = File.ReadAllText(RepoFiles.Combine("README.md"));
        Assert.Contains("## Supported Kubernetes versions", readme);
        Assert.Contains($"Minimum: **Kubernetes {Minimum.Major}.{Minimum.Minor}**", readme);
    }

    [Fact]
    public void No_crd_uses_a_validation_feature_newer_than_the_minimum()
    {
        var problems = new List<string>();
        var rules = 0;
        foreach (var file in RepoFiles.CrdFiles())
        {
            foreach (var rule in Rules(RepoFiles.DocumentsOf(file).Single()))
            {
                rules++;
                foreach (var (feature, pattern, since, field) in Features.Where(f => f.Since > Minimum))
                {
                    var used = field
                        ? rule.Select(p => p.Key).Any(pattern.IsMatch)
                        : new[] { "rule", "messageExpression" }.Any(k => rule[k] is { } text && pattern.IsMatch(text.GetValue<string>()));
                    if (used) problems.Add($"{Path.GetFileName(file)}: {feature} needs Kubernetes {since}: {rule.ToJsonString()}");
                }
            }
        }

        Assert.True(problems.Count == 0, $"newer than the stated minimum {Minimum}:\n" + string.Join("\n", problems));
        Assert.True(rules >= 33, $"found only {rules} rules in crds/; is the walk missing some?");
    }

    private static IEnumerable<JsonObject> Rules(JsonNode? node) => node switch
    {
        JsonObject o => (o["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>()
            .Concat(o.Where(p => p.Key != "x-kubernetes-validations").SelectMany(p => Rules(p.Value))),
        JsonArray a => a.SelectMany(Rules),
        _ => [],
    };
}
