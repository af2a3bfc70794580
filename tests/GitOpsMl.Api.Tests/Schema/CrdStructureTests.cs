using System.Globalization;
using System.Text.RegularExpressions;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;
using YamlDotNet.RepresentationModel;

namespace GitOpsMl.Api.Tests.Schema;

/// <summary>
/// The generated CRDs, read back as plain YAML, are what the API server requires: structural
/// schemas (every node typed, list-map keys required, defaults only where allowed and valid),
/// the status subresource, category gitopsml, short names, and printer columns whose JSONPaths
/// name real fields.
/// </summary>
public partial class CrdStructureTests
{
    private static readonly string[] Types = ["object", "array", "string", "integer", "number", "boolean"];
    private static readonly string[] ColumnTypes = ["integer", "number", "string", "boolean", "date"];

    [Theory]
    [MemberData(nameof(EveryKind.Kinds), MemberType = typeof(EveryKind))]
    public void The_crd_names_the_kind_the_way_kubectl_users_expect(string kind)
    {
        var info = KindRegistry.Find(kind)!;
        var crd = Parse(kind);
        var spec = Map(crd, "spec");
        var names = Map(spec, "names");

        Assert.Equal("apiextensions.k8s.io/v1", Scalar(crd, "apiVersion"));
        Assert.Equal("CustomResourceDefinition", Scalar(crd, "kind"));
        Assert.Equal($"{info.Plural}.{ApiGroup.Group}", Scalar(Map(crd, "metadata"), "name"));
        Assert.Equal(ApiGroup.Group, Scalar(spec, "group"));
        Assert.Equal("Namespaced", Scalar(spec, "scope"));
        Assert.Equal(kind, Scalar(names, "kind"));
        Assert.Equal(kind + "List", Scalar(names, "listKind"));
        Assert.Equal(info.Plural, Scalar(names, "plural"));
        Assert.Equal(kind.ToLowerInvariant(), Scalar(names, "singular"));
        Assert.Contains(ApiGroup.Category, Strings(names, "categories"));
        var shortNames = Strings(names, "shortNames");
        Assert.NotEmpty(shortNames);
        Assert.All(shortNames, s => Assert.Matches("^[a-z][a-z0-9]*$", s));
    }

    [Fact]
    public void Short_names_and_plurals_are_unique_across_kinds()
    {
        var all = KindRegistry.All.SelectMany(k => k.Names.ShortNames.Append(k.Plural).Append(k.Singular)).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(EveryKind.Kinds), MemberType = typeof(EveryKind))]
    public void The_single_served_version_has_the_status_subresource(string kind)
    {
        var version = Assert.Single(Seq(Map(Parse(kind), "spec"), "versions").Children.Cast<YamlMappingNode>());

        Assert.Equal(ApiGroup.Version, Scalar(version, "name"));
        Assert.Equal("true", Scalar(version, "served"));
        Assert.Equal("true", Scalar(version, "storage"));
        var status = Map(Map(version, "subresources"), "status");
        Assert.Empty(status.Children);
        var root = Map(Map(version, "schema"), "openAPIV3Schema");
        Assert.Contains("status", Map(root, "properties").Children.Keys.Select(k => ((YamlScalarNode)k).Value));
    }

    [Theory]
    [MemberData(nameof(EveryKind.Kinds), MemberType = typeof(EveryKind))]
    public void Printer_columns_are_present_typed_and_point_at_fields_of_the_schema(string kind)
    {
        var version = (YamlMappingNode)Seq(Map(Parse(kind), "spec"), "versions").Children[0];
        var root = Map(Map(version, "schema"), "openAPIV3Schema");
        var columns = Seq(version, "additionalPrinterColumns").Children.Cast<YamlMappingNode>().ToList();

        Assert.True(columns.Count >= 3, $"{kind} shows only {columns.Count} columns");
        Assert.Contains(columns, c => Scalar(c, "name") == "Age" && Scalar(c, "type") == "date" && Scalar(c, "jsonPath") == ".metadata.creationTimestamp");
        Assert.Equal(columns.Count, columns.Select(c => Scalar(c, "name")).Distinct().Count());
        foreach (var c in columns)
        {
            var path = Scalar(c, "jsonPath")!;
            Assert.Contains(Scalar(c, "type"), ColumnTypes);
            Assert.StartsWith(".", path);
            Assert.Matches(JsonPath(), path);
            if (c.Children.ContainsKey("priority")) Assert.Contains(Scalar(c, "priority"), new[] { "0", "1" });
            if (path.StartsWith(".metadata.", StringComparison.Ordinal)) continue;
            Assert.True(ResolveJsonPath(root, path) is not null, $"{kind} column {Scalar(c, "name")}: {path} names no field of the schema");
        }
    }

    [Theory]
    [MemberData(nameof(EveryKind.Kinds), MemberType = typeof(EveryKind))]
    public void The_schema_is_structural(string kind)
    {
        var version = (YamlMappingNode)Seq(Map(Parse(kind), "spec"), "versions").Children[0];
        var root = Map(Map(version, "schema"), "openAPIV3Schema");
        var problems = new List<string>();

        Assert.Equal("object", Scalar(root, "type"));
        Assert.Equal(["spec"], Strings(root, "required"));
        // At the root, metadata may say nothing but its type; apiVersion, kind and metadata carry no defaults.
        var props = Map(root, "properties");
        Assert.Equal(["type"], Map(props, "metadata").Children.Keys.Select(k => ((YamlScalarNode)k).Value!));
        Walk(root, "", problems, root: true);

        Assert.True(problems.Count == 0, $"{kind}:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(EveryKind.Kinds), MemberType = typeof(EveryKind))]
    public void Validation_rules_carry_a_rule_and_a_message_and_field_paths_name_fields(string kind)
    {
        var version = (YamlMappingNode)Seq(Map(Parse(kind), "spec"), "versions").Children[0];
        var root = Map(Map(version, "schema"), "openAPIV3Schema");
        var count = 0;
        foreach (var (node, path) in Nodes(root, ""))
        {
            if (!node.Children.ContainsKey("x-kubernetes-validations")) continue;
            foreach (var v in Seq(node, "x-kubernetes-validations").Children.Cast<YamlMappingNode>())
            {
                count++;
                Assert.False(string.IsNullOrWhiteSpace(Scalar(v, "rule")), $"{path}: a validation without rule");
                Assert.False(string.IsNullOrWhiteSpace(Scalar(v, "message")), $"{path}: a validation without message");
                if (v.Children.ContainsKey("fieldPath"))
                {
                    var fieldPath = Scalar(v, "fieldPath")!;
                    Assert.StartsWith(".", fieldPath);
                    Assert.True(ResolveJsonPath(node, fieldPath) is not null, $"{kind} {path}: fieldPath {fieldPath} names no field");
                }
            }
        }
        var expected = KindRegistry.Find(kind)!.Schema.Properties!["spec"] is var spec ? CountRules(spec) : 0;
        Assert.Equal(expected, count);
    }

    // ------------------------------------------------------------------ structural walk

    private static void Walk(YamlMappingNode node, string path, List<string> problems, bool root = false)
    {
        var where = path.Length == 0 ? "<root>" : path;
        var type = node.Children.ContainsKey("type") ? Scalar(node, "type") : null;
        var preserve = node.Children.ContainsKey("x-kubernetes-preserve-unknown-fields");
        if (type is null && !preserve) problems.Add($"{where}: no type");
        else if (type is not null && !Types.Contains(type)) problems.Add($"{where}: type {type} is not an OpenAPI type");

        if (node.Children.ContainsKey("properties") && node.Children.ContainsKey("additionalProperties"))
            problems.Add($"{where}: properties and additionalProperties together");
        if (type == "array" && !node.Children.ContainsKey("items")) problems.Add($"{where}: an array without items");
        if (type != "array" && (node.Children.ContainsKey("items") || node.Children.ContainsKey("x-kubernetes-list-type")))
            problems.Add($"{where}: items or a list type on a {type}");
        if (node.Children.ContainsKey("required"))
        {
            var props = node.Children.ContainsKey("properties") ? Map(node, "properties").Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList() : [];
            foreach (var r in Strings(node, "required"))
                if (!props.Contains(r)) problems.Add($"{where}: required {r} is not a property");
        }

        CheckListType(node, where, problems);
        CheckDefault(node, where, problems, root);

        if (node.Children.ContainsKey("properties"))
        {
            foreach (var (key, value) in Map(node, "properties").Children)
            {
                var name = ((YamlScalarNode)key).Value!;
                var child = (YamlMappingNode)value;
                if (root && name is "apiVersion" or "kind" or "metadata" && child.Children.ContainsKey("default"))
                    problems.Add($"{name}: a default at the root of the object");
                Walk(child, path.Length == 0 ? name : $"{path}.{name}", problems);
            }
        }

        if (node.Children.ContainsKey("items")) Walk(Map(node, "items"), path + "[]", problems);
        if (node.Children.ContainsKey("additionalProperties")) Walk(Map(node, "additionalProperties"), path + "{}", problems);
    }

    private static void CheckListType(YamlMappingNode node, string where, List<string> problems)
    {
        if (!node.Children.ContainsKey("x-kubernetes-list-type")) return;
        var listType = Scalar(node, "x-kubernetes-list-type");
        var items = Map(node, "items");
        switch (listType)
        {
            case "map":
                if (Scalar(items, "type") != "object") { problems.Add($"{where}: list-type map over non-objects"); return; }
                var keys = Strings(node, "x-kubernetes-list-map-keys");
                if (keys.Count == 0) problems.Add($"{where}: list-type map without x-kubernetes-list-map-keys");
                var required = items.Children.ContainsKey("required") ? Strings(items, "required") : [];
                foreach (var key in keys)
                {
                    var keyNode = ResolveJsonPath(items, "." + key);
                    if (keyNode is null) { problems.Add($"{where}: map key {key} is not a property of the items"); continue; }
                    if (!required.Contains(key) && !keyNode.Children.ContainsKey("default"))
                        problems.Add($"{where}: map key {key} is neither required nor defaulted");
                    if (Scalar(keyNode, "type") is not ("string" or "integer" or "boolean" or "number"))
                        problems.Add($"{where}: map key {key} is not a scalar");
                }
                break;
            case "set":
                if (Scalar(items, "type") is not ("string" or "integer" or "boolean" or "number"))
                    problems.Add($"{where}: list-type set over non-scalars");
                break;
            case "atomic":
                break;
            default:
                problems.Add($"{where}: unknown list type {listType}");
                break;
        }
        if (listType != "map" && node.Children.ContainsKey("x-kubernetes-list-map-keys"))
            problems.Add($"{where}: list-map keys on a list-type {listType}");
    }

    /// <summary>A default must be of the node's type and valid against its own enum, bounds and pattern; the API server refuses the CRD otherwise.</summary>
    private static void CheckDefault(YamlMappingNode node, string where, List<string> problems, bool root)
    {
        if (!node.Children.ContainsKey("default")) return;
        if (root) { problems.Add("<root>: a default on the whole object"); return; }
        if (node.Children["default"] is not YamlScalarNode d) { problems.Add($"{where}: a non-scalar default"); return; }
        var text = d.Value ?? "";
        var type = Scalar(node, "type");
        var quoted = d.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted;
        switch (type)
        {
            case "string":
                if (node.Children.ContainsKey("enum") && !Strings(node, "enum").Contains(text)) problems.Add($"{where}: default {text} is not in the enum");
                if (node.Children.ContainsKey("pattern") && !Regex.IsMatch(text, Scalar(node, "pattern")!)) problems.Add($"{where}: default {text} does not match the pattern");
                if (node.Children.ContainsKey("minLength") && text.Length < int.Parse(Scalar(node, "minLength")!, CultureInfo.InvariantCulture)) problems.Add($"{where}: default {text} is too short");
                if (node.Children.ContainsKey("maxLength") && text.Length > int.Parse(Scalar(node, "maxLength")!, CultureInfo.InvariantCulture)) problems.Add($"{where}: default {text} is too long");
                if (!quoted && (double.TryParse(text, CultureInfo.InvariantCulture, out _) || text is "true" or "false" or "null" or ""))
                    problems.Add($"{where}: string default {text} would read as another type");
                break;
            case "boolean":
                if (quoted || text is not ("true" or "false")) problems.Add($"{where}: default {text} is not a boolean");
                break;
            case "integer" or "number":
                if (quoted || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    problems.Add($"{where}: default {text} is not a number");
                    break;
                }
                if (type == "integer" && v != Math.Floor(v)) problems.Add($"{where}: default {text} is not an integer");
                if (Bound(node, "minimum") is double min && (node.Children.ContainsKey("exclusiveMinimum") ? v <= min : v < min)) problems.Add($"{where}: default {text} is below the minimum");
                if (Bound(node, "maximum") is double max && (node.Children.ContainsKey("exclusiveMaximum") ? v >= max : v > max)) problems.Add($"{where}: default {text} is above the maximum");
                break;
            default:
                problems.Add($"{where}: a default on a {type}");
                break;
        }
    }

    private static double? Bound(YamlMappingNode node, string key) =>
        node.Children.ContainsKey(key) ? double.Parse(Scalar(node, key)!, CultureInfo.InvariantCulture) : null;

    private static IEnumerable<(YamlMappingNode Node, string Path)> Nodes(YamlMappingNode node, string path)
    {
        yield return (node, path);
        if (node.Children.ContainsKey("properties"))
        {
            foreach (var (k, v) in Map(node, "properties").Children)
                foreach (var x in Nodes((YamlMappingNode)v, $"{path}.{((YamlScalarNode)k).Value}")) yield return x;
        }

        if (node.Children.ContainsKey("items"))
            foreach (var x in Nodes(Map(node, "items"), path + "[]")) yield return x;
        if (node.Children.ContainsKey("additionalProperties"))
            foreach (var x in Nodes(Map(node, "additionalProperties"), path + "{}")) yield return x;
    }

    private static int CountRules(SchemaNode node) =>
        node.Rules.Count
        + (node.Properties?.Values.Sum(CountRules) ?? 0)
        + (node.Items is null ? 0 : CountRules(node.Items))
        + (node.AdditionalProperties is null ? 0 : CountRules(node.AdditionalProperties));

    /// <summary>Follows .a.b and .a[?(...)].b through properties and items; null when a name is not in the schema.</summary>
    private static YamlMappingNode? ResolveJsonPath(YamlMappingNode schema, string path)
    {
        var node = schema;
        foreach (Match step in JsonPathStep().Matches(path))
        {
            if (step.Groups["filter"].Success || step.Groups["index"].Success)
            {
                if (!node.Children.ContainsKey("items")) return null;
                node = Map(node, "items");
                continue;
            }
            var name = step.Groups["name"].Value;
            if (!node.Children.ContainsKey("properties")) return null;
            var props = Map(node, "properties");
            if (!props.Children.TryGetValue(new YamlScalarNode(name), out var next)) return null;
            node = (YamlMappingNode)next;
        }
        return node;
    }

    // ------------------------------------------------------------------ YAML access

    private static YamlMappingNode Parse(string kind)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(CrdGenerator.Generate(KindRegistry.Find(kind)!)));
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Seq(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;

    private static List<string> Strings(YamlMappingNode node, string key) =>
        Seq(node, key).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    [GeneratedRegex(@"^(\.[A-Za-z_][A-Za-z0-9_]*(\[\?\(@\.[A-Za-z_]+==""[^""]*""\)\]|\[[0-9]+\])?)+$")]
    private static partial Regex JsonPath();

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|(?<filter>\[\?\([^\]]*\)\])|(?<index>\[[0-9]+\])")]
    private static partial Regex JsonPathStep();
}
