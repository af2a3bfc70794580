using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Manifests;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Validation;

/// <summary>
/// Checks one object's node tree against the schema the CRD carries — types, required fields,
/// enums, ranges, patterns, list rules — and then the CEL rules through their C# twins. It
/// reports every problem, records where each field was written, and never throws on input.
/// </summary>
public sealed class SchemaValidator
{
    private static readonly Dictionary<string, Regex> RegexCache = new();

    private readonly string _file;
    private readonly string? _objectRef;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly Dictionary<string, SourceMark> _marks = [];

    private SchemaValidator(string file, string? objectRef)
    {
        this._file = file;
        this._objectRef = objectRef;
    }

    public sealed record Result(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyDictionary<string, SourceMark> Marks)
    {
        public bool Valid => Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);
    }

    /// <summary>Validates <paramref name="node"/> (reported under <paramref name="path"/>) against <paramref name="schema"/>.</summary>
    public static Result Validate(string file, string? objectRef, ManifestNode node, SchemaNode schema, string path)
    {
        var v = new SchemaValidator(file, objectRef);
        v.Walk(node, schema, path);
        return new Result(v._diagnostics, v._marks);
    }

    private bool Walk(ManifestNode node, SchemaNode schema, string path)
    {
        _marks[path] = node.Start;
        return schema.Type switch
        {
            "object" => WalkObject(node, schema, path),
            "array" => WalkArray(node, schema, path),
            _ => WalkScalar(node, schema, path),
        };
    }

    private bool WalkObject(ManifestNode node, SchemaNode schema, string path)
    {
        if (node is not MappingNode map) return Fail(node, path, $"expected an object, got {Describe(node)}");
        var ok = true;
        if (schema.AdditionalProperties is { } valueSchema)
        {
            foreach (var (key, value) in map.Entries)
                ok &= IsNull(value) || Walk(value, valueSchema, $"{path}[{Quote(key.Value)}]");
            return ok;
        }
        if (schema.PreserveUnknownFields && schema.Properties is null) return true;

        var props = schema.Properties ?? new Dictionary<string, SchemaNode>();
        foreach (var (key, value) in map.Entries)
        {
            var childPath = Join(path, key.Value);
            if (!props.TryGetValue(key.Value, out var childSchema))
            {
                ok = Fail(key, childPath, $"unknown field \"{UserText.Shorten(key.Value)}\"{ElsewhereOrSuggestion(key.Value, props, path)}");
                continue;
            }
            // Kubernetes prunes explicit nulls of non-nullable fields: they mean "not set".
            if (IsNull(value)) { _marks[childPath] = value.Start; continue; }
            ok &= Walk(value, childSchema, childPath);
        }
        foreach (var req in schema.Required)
        {
            if (map.Entries.Any(e => e.Key.Value == req && !IsNull(e.Value))) continue;
            ok = Fail(map, Join(path, req), $"required field \"{req}\" is missing");
        }
        if (ok && schema.Rules.Count > 0 && schema.ClrType is not null) ok = CheckRules(map, schema, path);
        return ok;
    }

    private bool CheckRules(MappingNode map, SchemaNode schema, string path)
    {
        object? typed;
        try
        {
            typed = ManifestNodeJson.ToJsonNode(map).Deserialize(schema.ClrType!, ApiJson.Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return Fail(map, path, $"cannot be read: {e.Message}");
        }
        if (typed is null) return true;
        var ok = true;
        foreach (var rule in schema.Rules)
        {
            bool holds;
            try { holds = rule.Holds(typed); }
            catch (Exception) { holds = false; }
            if (holds) continue;
            ok = false;
            var explained = 0;
            foreach (var v in Explain(rule, typed))
            {
                var vat = path + (v.FieldPath ?? rule.FieldPath);
                Fail(_marks.GetValueOrDefault(vat, map.Start), vat, v.Message);
                explained++;
            }
            if (explained > 0) continue;
            var at = rule.FieldPath is null ? path : path + rule.FieldPath;
            Fail(_marks.GetValueOrDefault(at, map.Start), at, rule.Message);
        }
        return ok;
    }

    // A rule's explanation only refines its message; if it fails, the static message still stands.
    private static IReadOnlyList<CelViolation> Explain(SchemaRule rule, object typed)
    {
        if (rule.Explain is null) return [];
        try { return rule.Explain(typed).Take(100).ToList(); }
        catch (Exception) { return []; }
    }

    /// <summary>
    /// A spec field that another kind has (split on a TrainingJob: it is the Dataset's) is named with its kind — the
    /// common slip when one change spans Dataset, FeatureSet and TrainingJob; else "did you mean" or the level's fields.
    /// </summary>
    private static string ElsewhereOrSuggestion(string field, IReadOnlyDictionary<string, SchemaNode> props, string path)
    {
        var closest = Suggestions.DidYouMean(field, props.Keys);
        if (path != "spec" || closest.Length > 0) return closest.Length > 0 ? closest : Suggestions.ForField(field, props.Keys.ToList());
        var owners = KindRegistry.All.Where(k => k.Schema.Properties?.GetValueOrDefault("spec")?.Properties?.ContainsKey(field) == true).Select(k => k.Kind).ToList();
        return owners.Count > 0
            ? $"; {field} is a field of {string.Join(" and ", owners)} (spec.{field}), not of this kind"
            : Suggestions.ForField(field, props.Keys.ToList());
    }

    private bool WalkArray(ManifestNode node, SchemaNode schema, string path)
    {
        if (node is not SequenceNode seq) return Fail(node, path, $"expected a list, got {Describe(node)}");
        var ok = true;
        if (schema.MinItems is int min && seq.Items.Count < min)
            ok = Fail(node, path, min == 1 ? "must not be empty" : $"must have at least {min} items, has {seq.Items.Count}");
        if (schema.MaxItems is int max && seq.Items.Count > max)
            ok = Fail(node, path, $"must have at most {max} items, has {seq.Items.Count}");
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = seq.Items[i];
            if (IsNull(item)) { ok = Fail(item, $"{path}[{i}]", "list items must not be null"); continue; }
            ok &= Walk(item, schema.Items!, $"{path}[{i}]");
        }
        if (schema.ListType == "set") ok &= CheckUnique(seq, path, item => item is ScalarNode s ? s.Value : null, "duplicate value");
        if (schema.ListType == "map" && schema.ListMapKeys is [var key])
            ok &= CheckUnique(seq, path, item => item is MappingNode m ? (m.GetValueOrDefault(key) as ScalarNode)?.Value : null, $"duplicate {key}");
        return ok;
    }

    private bool CheckUnique(SequenceNode seq, string path, Func<ManifestNode, string?> keyOf, string what)
    {
        var seen = new Dictionary<string, int>();
        var ok = true;
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (keyOf(seq.Items[i]) is not { } k) continue;
            if (seen.TryGetValue(k, out var first))
                ok = Fail(seq.Items[i], $"{path}[{i}]", $"{what} \"{UserText.Shorten(k)}\" (first at {path}[{first}], line {seq.Items[first].Start.Line})");
            else seen[k] = i;
        }
        return ok;
    }

    private bool WalkScalar(ManifestNode node, SchemaNode schema, string path)
    {
        if (node is not ScalarNode s) return Fail(node, path, $"expected {Expected(schema)}, got {Describe(node)}");
        switch (schema.Type)
        {
            case "string":
                if (s.Kind != ScalarKind.String)
                    return Fail(s, path, $"expected {Expected(schema)}, got {Describe(s)} (quote it to make it a string)");
                if (s.IsYaml11Boolean) Warn(s, path, Yaml11BooleanMessage(s.Value));
                return CheckString(s, schema, path);
            case "boolean":
                return s.Kind == ScalarKind.Bool || Fail(s, path, $"expected a boolean (true or false), got {Describe(s)}{Unquote(s, "a boolean")}");
            case "integer":
                if (s.Kind != ScalarKind.Int || !s.TryGetLong(out var l)) return Fail(s, path, $"expected an integer, got {Describe(s)}{Unquote(s, "a number")}");
                return CheckRange(s, schema, path, l);
            case "number":
                if (s.Kind is not (ScalarKind.Int or ScalarKind.Float) || !s.TryGetDouble(out var d) || !double.IsFinite(d))
                    return Fail(s, path, $"expected a number, got {Describe(s)}{Unquote(s, "a number")}");
                return CheckRange(s, schema, path, d);
            default:
                return true;
        }
    }

    // A quoted "256" or "true" is a string in YAML; say so, as the string case says "quote it".
    private static string Unquote(ScalarNode s, string what)
    {
        if (s.Kind != ScalarKind.String) return "";
        var looksLike = what == "a boolean"
            ? s.Value is "true" or "false"
            : double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && s.Value.Trim() == s.Value;
        return looksLike ? $" (remove the quotes to make it {what})" : "";
    }

    private bool CheckString(ScalarNode s, SchemaNode schema, string path)
    {
        var v = s.Value;
        if (schema.Enum is { } values && !values.Contains(v))
            return Fail(s, path, $"\"{UserText.Shorten(v)}\" is not one of: {string.Join(", ", values)}{Suggestions.DidYouMean(v, values)}");
        if (schema.MinLength is int min && v.Length < min)
            return Fail(s, path, min == 1 ? "must not be empty" : $"must be at least {min} characters long");
        if (schema.MaxLength is int max && v.Length > max)
            return Fail(s, path, $"must be at most {max} characters long, is {v.Length}");
        if (schema.Pattern is { } pattern && !Matches(pattern, v))
            return Fail(s, path, $"\"{UserText.Shorten(v)}\" is not {schema.PatternExpected ?? "in the expected format"}");
        if (schema.Format == "date-time" && !DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
            return Fail(s, path, $"\"{UserText.Shorten(v)}\" is not an RFC 3339 date-time");
        return true;
    }

    private bool CheckRange(ScalarNode s, SchemaNode schema, string path, double value)
    {
        if (schema.Minimum is double min && (schema.ExclusiveMinimum ? value <= min : value < min))
            return Fail(s, path, $"must be {(schema.ExclusiveMinimum ? "greater than" : "at least")} {Format(min)}, got {s.Value}");
        if (schema.Maximum is double max && (schema.ExclusiveMaximum ? value >= max : value > max))
            return Fail(s, path, $"must be {(schema.ExclusiveMaximum ? "less than" : "at most")} {Format(max)}, got {s.Value}");
        return true;
    }

    private static bool Matches(string pattern, string value)
    {
        Regex? re;
        lock (RegexCache)
        {
            if (!RegexCache.TryGetValue(pattern, out re))
                RegexCache[pattern] = re = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        }
        try { return re.IsMatch(value); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    private bool Fail(ManifestNode node, string path, string message) => Fail(node.Start, path, message);

    private void Warn(ManifestNode node, string path, string message) =>
        _diagnostics.Add(new Diagnostic(_file, node.Start.Line, node.Start.Column, _objectRef, path, message, DiagnosticSeverity.Warning));

    /// <summary>Why an unquoted yes/no/on/off deserves quotes, for string fields and labels alike.</summary>
    public static string Yaml11BooleanMessage(string value) =>
        $"unquoted {value} is a string here (YAML 1.2) but a boolean to kubectl (YAML 1.1), which would reject or change it; write \"{value}\"";

    private bool Fail(SourceMark at, string path, string message)
    {
        _diagnostics.Add(new Diagnostic(_file, at.Line, at.Column, _objectRef, path, message));
        return false;
    }

    private static bool IsNull(ManifestNode node) => node is ScalarNode { Kind: ScalarKind.Null };

    private static string Expected(SchemaNode schema) => schema.Type switch
    {
        "string" when schema.Enum is { } e => "one of: " + string.Join(", ", e),
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        _ => schema.Type,
    };

    public static string Describe(ManifestNode node) => node switch
    {
        MappingNode => "an object",
        SequenceNode => "a list",
        ScalarNode { Kind: ScalarKind.Int } s => $"the integer {UserText.Shorten(s.Value)}",
        ScalarNode { Kind: ScalarKind.Float } s => $"the number {UserText.Shorten(s.Value)}",
        ScalarNode { Kind: ScalarKind.Bool } s => $"the boolean {s.Value}",
        ScalarNode { Kind: ScalarKind.Null } => "null",
        ScalarNode s => $"the string \"{UserText.Shorten(s.Value)}\"",
        _ => "a value",
    };

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Quote(string key) => $"\"{UserText.Shorten(key)}\"";

    private static string Format(double d) => d.ToString(CultureInfo.InvariantCulture);
}
