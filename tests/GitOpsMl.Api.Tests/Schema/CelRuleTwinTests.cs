using System.Text.RegularExpressions;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Schema;
using static GitOpsMl.Api.Tests.Schema.SchemaTestSupport;

namespace GitOpsMl.Api.Tests.Schema;

/// <summary>
/// Each CEL rule exists twice: as CEL text in the CRD (kubectl apply) and as a C# twin (gitopsml
/// validate). The table below says, by hand, what the rule means on examples; the twin must agree
/// on every one, and every rule needs at least one passing and one failing example, so a rule
/// cannot be added or changed on one side only without a test noticing. The CEL text is also
/// checked against the schema: every field it reads exists and every enum literal it compares
/// with is a value of that enum.
/// </summary>
public partial class CelRuleTwinTests
{
    /// <summary>The hand-written table (<see cref="CelRuleExamples"/>); GitOpsMl.Crds.Tests runs the same table on a real API server.</summary>
    public static IReadOnlyList<(Type Type, string Message, bool Holds, string Yaml)> Examples => CelRuleExamples.All;

    public static TheoryData<int> ExampleIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Examples.Count; i++) data.Add(i);
        return data;
    }

    /// <summary>Every CEL rule of the API with the type that holds it, found through the kinds' schemas.</summary>
    public static IReadOnlyList<(Type Type, SchemaRule Rule, string Where)> AllRules() =>
        SpecObjects()
            .Where(o => o.Node.ClrType is not null)
            .SelectMany(o => o.Node.Rules.Select(r => (Type: o.Node.ClrType!, Rule: r, Where: $"{o.Kind.Kind} {o.Path}")))
            .GroupBy(x => (x.Type, x.Rule.Rule)).Select(g => g.First())
            .ToList();

    [Theory]
    [MemberData(nameof(ExampleIndexes))]
    public void The_csharp_twin_agrees_with_the_hand_written_expectation(int index)
    {
        var (type, message, expected, yaml) = Examples[index];
        var rule = RuleOf(type, message);
        var value = Deserialize(yaml, type);

        Assert.True(rule.Holds(value) == expected, $"{type.Name} '{message}' on {yaml}: expected the rule to {(expected ? "hold" : "fail")}");
    }

    [Theory]
    [MemberData(nameof(ExampleIndexes))]
    public void A_failing_example_gets_a_precise_explanation_where_the_rule_offers_one(int index)
    {
        var (type, message, expected, yaml) = Examples[index];
        var rule = RuleOf(type, message);
        if (rule.Explain is null || expected) return; // explanations are consulted only when the twin fails

        var violations = rule.Explain(Deserialize(yaml, type)).ToList();

        Assert.NotEmpty(violations);
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Message)));
        Assert.All(violations, v => Assert.True(v.FieldPath is null || v.FieldPath.StartsWith('.'), $"{v.FieldPath} is not a relative path"));
    }

    [Fact]
    public void Every_rule_has_a_passing_and_a_failing_example()
    {
        var missing = new List<string>();
        foreach (var (type, rule, where) in AllRules())
        {
            var examples = Examples.Where(e => e.Type == type && e.Message == rule.Message).ToList();
            if (!examples.Any(e => e.Holds)) missing.Add($"{where} ({type.Name}): no passing example for '{rule.Message}'");
            // A transition rule compares with the stored object (oldSelf); offline there is none, so its twin always holds.
            if (IsTransitionRule(rule)) continue;
            if (!examples.Any(e => !e.Holds)) missing.Add($"{where} ({type.Name}): no failing example for '{rule.Message}'");
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
        Assert.True(AllRules().Count >= 33, $"found only {AllRules().Count} rules; is the schema walk missing some?");
    }

    [Fact]
    public void Every_example_names_a_rule_that_exists()
    {
        foreach (var (type, message, _, yaml) in Examples)
        {
            Assert.True(type.GetProperty("CelRules") is not null && SchemaGenerator.ForType(type).Rules.Any(r => r.Message == message),
                $"{type.Name} has no rule '{message}' (example {yaml})");
        }
    }

    [Fact]
    public void Messages_are_unique_within_a_type_so_the_table_is_unambiguous()
    {
        foreach (var group in AllRules().GroupBy(r => r.Type))
            Assert.Equal(group.Count(), group.Select(r => r.Rule.Message).Distinct().Count());
    }

    [Fact]
    public void Transition_rules_never_block_offline_validation()
    {
        var transition = AllRules().Where(r => IsTransitionRule(r.Rule)).ToList();

        Assert.Equal(["a ModelVersion is immutable"], transition.Select(r => r.Rule.Message));
        Assert.True(transition[0].Rule.Holds(Deserialize("{version: 2, task: regression}", transition[0].Type)));
    }

    [Fact]
    public void Every_field_a_rule_reads_exists_in_the_schema_of_its_object()
    {
        var problems = new List<string>();
        foreach (var (type, rule, where) in AllRules())
        {
            var node = SchemaGenerator.ForType(type);
            var scope = BindVariables(rule.Rule, node);
            foreach (Match m in FieldReference().Matches(rule.Rule))
            {
                var variable = m.Groups["var"].Value;
                if (!scope.TryGetValue(variable, out var start)) continue; // a number such as 0.8, or a macro variable over a literal list
                var fields = m.Groups["path"].Value.Split('.');
                if (m.Groups["call"].Success) fields = fields[..^1]; // self.path.startsWith( — the last name is a method
                if (Resolve(start, fields) is null)
                    problems.Add($"{where}: '{m.Value.TrimEnd('(')}' in rule '{rule.Rule}' names no field of {type.Name}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_enum_literal_a_rule_compares_with_is_a_value_of_that_enum()
    {
        var problems = new List<string>();
        var compared = 0;
        foreach (var (type, rule, where) in AllRules())
        {
            var scope = BindVariables(rule.Rule, SchemaGenerator.ForType(type));
            foreach (Match m in EnumComparison().Matches(rule.Rule))
            {
                if (!scope.TryGetValue(m.Groups["var"].Value, out var start)) continue;
                var field = Resolve(start, m.Groups["path"].Value.Split('.'));
                if (field?.Enum is not { } values) continue;
                compared++;
                if (!values.Contains(m.Groups["literal"].Value))
                    problems.Add($"{where}: rule '{rule.Rule}' compares {m.Groups["var"].Value}.{m.Groups["path"].Value} with '{m.Groups["literal"].Value}', which is not one of {string.Join(", ", values)}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(compared >= 15, $"only {compared} enum comparisons were checked; is the pattern still matching?");
    }

    [Fact]
    public void Every_field_path_of_a_rule_names_a_field_of_its_object()
    {
        foreach (var (type, rule, where) in AllRules().Where(r => r.Rule.FieldPath is not null))
        {
            Assert.True(Resolve(SchemaGenerator.ForType(type), rule.FieldPath!.TrimStart('.').Split('.')) is not null,
                $"{where}: fieldPath {rule.FieldPath} of '{rule.Message}' names no field of {type.Name}");
        }
    }

    private static SchemaRule RuleOf(Type type, string message) =>
        SchemaGenerator.ForType(type).Rules.SingleOrDefault(r => r.Message == message)
        ?? throw new InvalidOperationException($"{type.Name} has no rule '{message}'");

    private static bool IsTransitionRule(SchemaRule rule) => rule.Rule.Contains("oldSelf", StringComparison.Ordinal);

    /// <summary>self, plus the variables of macros over a list field: self.steps.all(s, ...) binds s to a step.</summary>
    private static Dictionary<string, SchemaNode> BindVariables(string rule, SchemaNode self)
    {
        var scope = new Dictionary<string, SchemaNode> { ["self"] = self };
        foreach (Match m in Macro().Matches(rule))
        {
            var list = Resolve(self, m.Groups["path"].Value.Split('.'));
            Assert.True(list?.Items is not null, $"rule '{rule}': self.{m.Groups["path"].Value} is not a list");
            scope[m.Groups["var"].Value] = list!.Items!;
        }
        return scope;
    }

    private static SchemaNode? Resolve(SchemaNode start, IEnumerable<string> fields)
    {
        var node = start;
        foreach (var f in fields)
        {
            if (node.Properties is null || !node.Properties.TryGetValue(f, out var next)) return null;
            node = next;
        }
        return node;
    }

    [GeneratedRegex(@"\bself\.(?<path>\w+(?:\.\w+)*)\.(?:all|exists|exists_one|filter|map)\((?<var>\w+),")]
    private static partial Regex Macro();

    [GeneratedRegex(@"(?<![\w.])(?<var>[A-Za-z_]\w*)\.(?<path>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?<call>\()?")]
    private static partial Regex FieldReference();

    [GeneratedRegex(@"(?<![\w.])(?<var>[A-Za-z_]\w*)\.(?<path>\w+(?:\.\w+)*)\s*[!=]=\s*'(?<literal>[^']*)'")]
    private static partial Regex EnumComparison();
}
