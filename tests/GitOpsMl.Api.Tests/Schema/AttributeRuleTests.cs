using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;
using GitOpsMl.Api.Validation;
using static GitOpsMl.Api.Tests.Schema.SchemaTestSupport;

namespace GitOpsMl.Api.Tests.Schema;

/// <summary>
/// Every rule a schema attribute puts on a spec field — type, required, enum, minimum, maximum,
/// pattern, lengths, item counts, set and map uniqueness — is enforced by the offline validator at
/// exactly that field, and the boundary value itself is accepted. The cases are derived from the
/// schema, so a new attribute is covered the day it is written.
/// </summary>
public class AttributeRuleTests
{
    /// <summary>A value each shared pattern accepts; a new pattern needs one here (the test says so).</summary>
    private static readonly Dictionary<string, string> PatternSamples = new()
    {
        [Patterns.Duration] = "1h30m",
        [Patterns.Sha256] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        [Patterns.Dns1123Label] = "churn-model-2",
        [Patterns.Quantity] = "500m",
        [Patterns.HttpUrl] = "https://d37ci6vzurychx.cloudfront.net/trip-data/yellow_tripdata_2024-01.parquet",
        ["^(https?|ssh|file)://.+|^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:.+|^/.+"] = "/srv/git/ml-manifests",
        ["^[a-f0-9]{40}$"] = "0123456789abcdef0123456789abcdef01234567",
    };

    private const string BadPatternValue = "Not valid!";
    private const string BadEnumValue = "notAValue";

    /// <summary>One rule on one field: a violating value with the error it must give, and where possible the boundary value that must pass.</summary>
    public sealed record Case(string Id, string Kind, IReadOnlyList<Segment> Path, JsonNode? Bad, bool Remove, string ErrorPath, Func<string, bool> ExpectedMessage,
        string ExpectedDescription, JsonNode? Good);

    public abstract record Segment;
    public sealed record Prop(string Name) : Segment;
    public sealed record Index(int I) : Segment;
    public sealed record Key(string K) : Segment;

    private static readonly Lazy<Dictionary<string, Case>> AllCases = new(() => Generate().ToDictionary(c => c.Id));

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var id in AllCases.Value.Keys.Order(StringComparer.Ordinal)) data.Add(id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_violating_value_is_an_error_at_exactly_that_field(string id)
    {
        var c = AllCases.Value[id];
        var spec = Build(c.Kind, c.Path, c.Bad, c.Remove);

        var result = ValidateSpec(c.Kind, spec.ToJsonString());

        Assert.False(result.Valid);
        var at = result.Diagnostics.Where(d => d.FieldPath == c.ErrorPath).ToList();
        Assert.True(at.Any(d => c.ExpectedMessage(d.Message)),
            $"{id}: expected an error at {c.ErrorPath} that {c.ExpectedDescription}; got:\n{Lines(result.Diagnostics)}\nspec: {spec.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_boundary_value_itself_is_accepted(string id)
    {
        var c = AllCases.Value[id];
        if (c.Good is null) return; // required and type rules have no boundary: the minimal object is the passing case

        var spec = Build(c.Kind, c.Path, c.Good, remove: false);
        var result = ValidateSpec(c.Kind, spec.ToJsonString());

        var wrong = result.Diagnostics.Where(d => d.FieldPath == c.ErrorPath && c.ExpectedMessage(d.Message)).ToList();
        Assert.True(wrong.Count == 0, $"{id}: {c.Good.ToJsonString()} must pass; got:\n{Lines(wrong)}");
    }

    [Fact]
    public void The_cases_cover_every_kind_and_every_kind_of_rule()
    {
        var cases = AllCases.Value.Values.ToList();

        Assert.True(cases.Count > 200, $"only {cases.Count} cases");
        foreach (var kind in KindRegistry.All)
            Assert.Contains(cases, c => c.Kind == kind.Kind);
        foreach (var rule in new[] { "type", "required", "enum", "minimum", "exclusiveMinimum", "maximum", "pattern", "minLength", "maxLength", "minItems", "maxItems", "set", "map" })
            Assert.Contains(cases, c => c.Id.EndsWith(" " + rule, StringComparison.Ordinal));
        // A few that the issue names explicitly.
        Assert.Contains("TrainingJob spec.hyperparameters.learningRate exclusiveMinimum", AllCases.Value.Keys);
        Assert.Contains("Deployment spec.rollout.canary.steps[0].weight maximum", AllCases.Value.Keys);
        Assert.Contains("Dataset spec.schema minItems", AllCases.Value.Keys);
        Assert.Contains("Dataset spec.schema map", AllCases.Value.Keys);
        Assert.Contains("Dataset spec.sha256 pattern", AllCases.Value.Keys);
    }

    [Fact]
    public void Every_pattern_in_the_api_has_a_sample_that_it_accepts()
    {
        var patterns = SpecObjects().SelectMany(o => o.Node.Properties!.Values).Select(p => p.Items ?? p).Select(p => p.Pattern).OfType<string>().Distinct();
        foreach (var pattern in patterns)
        {
            Assert.True(PatternSamples.TryGetValue(pattern, out var sample), $"add a sample for the new pattern {pattern} to {nameof(PatternSamples)}");
            Assert.Matches(pattern, sample);
            Assert.DoesNotMatch(pattern, BadPatternValue);
        }
    }

    // ------------------------------------------------------------------ case generation

    private static IEnumerable<Case> Generate()
    {
        foreach (var kind in KindRegistry.All)
        {
            foreach (var c in ForNode(kind.Kind, kind.Schema.Properties!["spec"], []))
                yield return c;
        }
    }

    private static IEnumerable<Case> ForNode(string kind, SchemaNode node, List<Segment> path)
    {
        foreach (var (name, child) in node.Properties ?? new Dictionary<string, SchemaNode>())
        {
            var p = new List<Segment>(path) { new Prop(name) };
            if (node.Required.Contains(name))
            {
                yield return Make(kind, p, "required", null, remove: true, PathText(p), m => m == $"required field \"{name}\" is missing",
                    $"says \"{name}\" is missing", null);
            }

            foreach (var c in ForField(kind, child, p)) yield return c;
        }
        if (node.AdditionalProperties is { } values)
        {
            var p = new List<Segment>(path) { new Key("k") };
            foreach (var c in ForField(kind, values, p)) yield return c;
        }
    }

    private static IEnumerable<Case> ForField(string kind, SchemaNode n, List<Segment> p)
    {
        var at = PathText(p);
        yield return Make(kind, p, "type", WrongType(n), false, at, m => m.StartsWith("expected ", StringComparison.Ordinal), "starts with \"expected\"", null);

        if (n.Enum is { } values)
            foreach (var c in EnumCases(kind, p, at, values)) yield return c;
        if (n.Minimum is double min)
        {
            var (bad, good) = Below(n, min);
            var words = n.ExclusiveMinimum ? "greater than" : "at least";
            yield return Make(kind, p, n.ExclusiveMinimum ? "exclusiveMinimum" : "minimum", bad, false, at,
                m => m.StartsWith($"must be {words} {Num(min)}, got ", StringComparison.Ordinal), $"says \"must be {words} {Num(min)}\"", good);
        }
        if (n.Maximum is double max)
        {
            var (bad, good) = Above(n, max);
            var words = n.ExclusiveMaximum ? "less than" : "at most";
            yield return Make(kind, p, n.ExclusiveMaximum ? "exclusiveMaximum" : "maximum", bad, false, at,
                m => m.StartsWith($"must be {words} {Num(max)}, got ", StringComparison.Ordinal), $"says \"must be {words} {Num(max)}\"", good);
        }
        if (n.Pattern is { } pattern)
        {
            var expected = $"\"{BadPatternValue}\" is not {n.PatternExpected}";
            yield return Make(kind, p, "pattern", JsonValue.Create(BadPatternValue), false, at, m => m == expected, $"says '{expected}'",
                JsonValue.Create(PatternSamples.GetValueOrDefault(pattern, "")));
        }
        if (n.MinLength is int minLength and > 0)
        {
            var expected = minLength == 1 ? "must not be empty" : $"must be at least {minLength} characters long";
            yield return Make(kind, p, "minLength", JsonValue.Create(new string('a', minLength - 1)), false, at, m => m == expected, $"says '{expected}'",
                JsonValue.Create(n.Pattern is { } pt ? PatternSamples.GetValueOrDefault(pt, "") : new string('a', minLength)));
        }
        if (n.MaxLength is int maxLength)
        {
            var expected = $"must be at most {maxLength} characters long, is {maxLength + 1}";
            yield return Make(kind, p, "maxLength", JsonValue.Create(new string('a', maxLength + 1)), false, at, m => m == expected, $"says '{expected}'",
                n.Pattern is null ? JsonValue.Create(new string('a', maxLength)) : null);
        }
        if (n.MinItems is int minItems and > 0)
        {
            var expected = minItems == 1 ? "must not be empty" : $"must have at least {minItems} items";
            yield return Make(kind, p, "minItems", Items(n.Items!, minItems - 1), false, at, m => m.StartsWith(expected, StringComparison.Ordinal),
                $"says '{expected}'", Items(n.Items!, minItems));
        }
        if (n.MaxItems is int maxItems)
        {
            var expected = $"must have at most {maxItems} items, has {maxItems + 1}";
            yield return Make(kind, p, "maxItems", Items(n.Items!, maxItems + 1), false, at, m => m == expected, $"says '{expected}'",
                Items(n.Items!, maxItems));
        }
        if (n.ListType == "set")
        {
            var item = Minimal(n.Items!);
            yield return Make(kind, p, "set", new JsonArray(item.DeepClone(), item.DeepClone()), false, at + "[1]",
                m => m.StartsWith("duplicate value \"", StringComparison.Ordinal), "says 'duplicate value'", Items(n.Items!, 2));
        }
        if (n.ListType == "map" && n.ListMapKeys is [var key])
        {
            var item = Minimal(n.Items!);
            yield return Make(kind, p, "map", new JsonArray(item.DeepClone(), item.DeepClone()), false, at + "[1]",
                m => m.StartsWith($"duplicate {key} \"", StringComparison.Ordinal), $"says 'duplicate {key}'", Items(n.Items!, 2));
        }

        if (n.Type == "object") foreach (var c in ForNode(kind, n, p)) yield return c;
        if (n.Type == "array" && n.Items is { } items)
        {
            var ip = new List<Segment>(p) { new Index(0) };
            if (items.Type is "object") foreach (var c in ForNode(kind, items, ip)) yield return c;
            else foreach (var c in ForField(kind, items, ip)) yield return c;
        }
    }

    private static IEnumerable<Case> EnumCases(string kind, List<Segment> p, string at, IReadOnlyList<string> values)
    {
        var expected = $"\"{BadEnumValue}\" is not one of: {string.Join(", ", values)}";
        yield return Make(kind, p, "enum", JsonValue.Create(BadEnumValue), false, at, m => m == expected, $"says '{expected}'", null);
        foreach (var v in values)
        {
            yield return Make(kind, p, $"enum accepts {v}", JsonValue.Create("x"), false, at, m => m == $"\"x\" is not one of: {string.Join(", ", values)}",
                "rejects x", JsonValue.Create(v));
        }
    }

    private static Case Make(string kind, List<Segment> path, string rule, JsonNode? bad, bool remove, string errorPath,
        Func<string, bool> expected, string description, JsonNode? good) =>
        new($"{kind} {PathText(path)} {rule}", kind, path, bad, remove, errorPath, expected, description, good);

    private static (JsonNode Bad, JsonNode Good) Below(SchemaNode n, double min) => n.Type == "integer"
        ? (JsonValue.Create((long)min - (n.ExclusiveMinimum ? 0 : 1)), JsonValue.Create((long)min + (n.ExclusiveMinimum ? 1 : 0)))
        : (JsonValue.Create(n.ExclusiveMinimum ? min : min - 0.001), JsonValue.Create(n.ExclusiveMinimum ? min + 0.001 : min));

    private static (JsonNode Bad, JsonNode Good) Above(SchemaNode n, double max) => n.Type == "integer"
        ? (JsonValue.Create((long)max + (n.ExclusiveMaximum ? 0 : 1)), JsonValue.Create((long)max - (n.ExclusiveMaximum ? 1 : 0)))
        : (JsonValue.Create(n.ExclusiveMaximum ? max : max + 0.001), JsonValue.Create(n.ExclusiveMaximum ? max - 0.001 : max));

    private static JsonNode WrongType(SchemaNode n) => n.Type switch
    {
        "string" => JsonValue.Create(5),
        "object" => JsonValue.Create("an object"),
        "array" => JsonValue.Create("a list"),
        _ => JsonValue.Create("text"),
    };

    // ------------------------------------------------------------------ building the spec around a value

    /// <summary>The kind's minimal spec (from the schema) with <paramref name="value"/> placed at <paramref name="path"/>, or the field there removed.</summary>
    private static JsonObject Build(string kind, IReadOnlyList<Segment> path, JsonNode? value, bool remove)
    {
        var specSchema = Kind(kind).Schema.Properties!["spec"];
        var root = (JsonObject)Minimal(specSchema);
        JsonNode parent = root;
        var schema = specSchema;
        for (var i = 0; i < path.Count - 1; i++)
        {
            (parent, schema) = Descend(parent, schema, path[i]);
        }
        var last = path[^1];
        switch (last)
        {
            case Prop(var name) when remove: ((JsonObject)parent).Remove(name); break;
            case Prop(var name): ((JsonObject)parent)[name] = value?.DeepClone(); break;
            case Index(var idx): ((JsonArray)parent)[idx] = value?.DeepClone(); break;
            case Key(var k): ((JsonObject)parent)[k] = value?.DeepClone(); break;
        }
        return root;
    }

    private static (JsonNode, SchemaNode) Descend(JsonNode at, SchemaNode schema, Segment step)
    {
        switch (step)
        {
            case Prop(var name):
            {
                var child = schema.Properties![name];
                var obj = (JsonObject)at;
                if (obj[name] is null) obj[name] = Minimal(child);
                if (child.Type == "array" && obj[name]!.AsArray().Count == 0) obj[name]!.AsArray().Add(Minimal(child.Items!));
                return (obj[name]!, child);
            }
            case Index(var i):
            {
                var arr = (JsonArray)at;
                while (arr.Count <= i) arr.Add(Minimal(schema.Items!));
                var item = schema.Items!;
                if (item.Type == "array" && arr[i]!.AsArray().Count == 0) arr[i]!.AsArray().Add(Minimal(item.Items!));
                return (arr[i]!, item);
            }
            case Key(var k):
            {
                var obj = (JsonObject)at;
                var value = schema.AdditionalProperties!;
                obj[k] ??= Minimal(value);
                return (obj[k]!, value);
            }
            default: throw new InvalidOperationException(step.ToString());
        }
    }

    /// <summary>The smallest value the schema accepts, attribute-wise: required fields only, lowest counts and lengths.</summary>
    private static JsonNode Minimal(SchemaNode n) => n.Type switch
    {
        "object" => new JsonObject(n.Required.Select(r => KeyValuePair.Create(r, (JsonNode?)Minimal(n.Properties![r])))),
        "array" => Items(n.Items!, n.MinItems ?? 0),
        "string" when n.Enum is { } e => JsonValue.Create(e[0]),
        "string" when n.Pattern is { } p => JsonValue.Create(PatternSamples.GetValueOrDefault(p, "")),
        "string" => JsonValue.Create(new string('a', Math.Max(1, n.MinLength ?? 1))),
        "integer" => JsonValue.Create(n.Minimum is double m ? (long)m + (n.ExclusiveMinimum ? 1 : 0) : 1),
        "number" => JsonValue.Create(n.Minimum is double m ? m + (n.ExclusiveMinimum ? 0.5 : 0) : Math.Min(1, n.Maximum ?? 1)),
        "boolean" => JsonValue.Create(true),
        _ => throw new NotSupportedException(n.Type),
    };

    /// <summary><paramref name="count"/> distinct items (distinct scalars, or objects with distinct list-map keys).</summary>
    private static JsonArray Items(SchemaNode item, int count)
    {
        var array = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            JsonNode value = item.Type switch
            {
                "string" when item.Enum is { } e => JsonValue.Create(e[i % e.Count]),
                "string" => JsonValue.Create($"v{i}"),
                "integer" => JsonValue.Create((long)i + 1),
                "number" => JsonValue.Create(i + 1.0),
                _ => Minimal(item),
            };
            if (value is JsonObject o)
            {
                foreach (var key in item.Properties!.Where(p => p.Value.Type == "string" && p.Value.Enum is null && p.Value.Pattern is null && o.ContainsKey(p.Key)))
                    o[key.Key] = $"v{i}";
            }

            array.Add(value);
        }
        return array;
    }

    private static string PathText(IEnumerable<Segment> path)
    {
        var s = "spec";
        foreach (var step in path)
            s += step switch { Prop(var n) => "." + n, Index(var i) => $"[{i}]", Key(var k) => $"[\"{k}\"]", _ => "" };
        return s;
    }

    private static string Num(double d) => d.ToString(CultureInfo.InvariantCulture);
}
