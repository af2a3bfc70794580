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
    /// <summary>(type holding the rule, the rule's message, whether the rule holds, the object as YAML).</summary>
    public static readonly IReadOnlyList<(Type Type, string Message, bool Holds, string Yaml)> Examples =
    [
        // Dataset
        (typeof(DatasetSpec), "csv options are only allowed with format csv", true, "{format: csv, csv: {delimiter: ';'}}"),
        (typeof(DatasetSpec), "csv options are only allowed with format csv", true, "{csv: {header: false}}"),
        (typeof(DatasetSpec), "csv options are only allowed with format csv", true, "{format: parquet}"),
        (typeof(DatasetSpec), "csv options are only allowed with format csv", false, "{format: parquet, csv: {header: false}}"),
        (typeof(DatasetSpec), "at most one column may have role label", true, "{schema: [{name: a, type: bool, role: label}, {name: b, type: float}]}"),
        (typeof(DatasetSpec), "at most one column may have role label", false, "{schema: [{name: a, type: bool, role: label}, {name: b, type: bool, role: label}]}"),
        (typeof(DatasetSource), "exactly one of path or s3 must be set", true, "{path: data/churn.csv}"),
        (typeof(DatasetSource), "exactly one of path or s3 must be set", true, "{s3: {bucket: ml-data, key: churn.csv}}"),
        (typeof(DatasetSource), "exactly one of path or s3 must be set", false, "{path: data/churn.csv, s3: {bucket: ml-data, key: churn.csv}}"),
        (typeof(DatasetSource), "exactly one of path or s3 must be set", false, "{}"),
        (typeof(DatasetSource), "path must be relative to the repository root and must not contain '..'", true, "{path: data/churn.csv}"),
        (typeof(DatasetSource), "path must be relative to the repository root and must not contain '..'", true, "{s3: {bucket: ml-data, key: churn.csv}}"),
        (typeof(DatasetSource), "path must be relative to the repository root and must not contain '..'", false, "{path: /data/churn.csv}"),
        (typeof(DatasetSource), "path must be relative to the repository root and must not contain '..'", false, "{path: data/../../etc/passwd}"),
        (typeof(ColumnSpec), "min must not exceed max", true, "{name: a, type: float, min: 0, max: 1}"),
        (typeof(ColumnSpec), "min must not exceed max", true, "{name: a, type: float, min: 1, max: 1}"),
        (typeof(ColumnSpec), "min must not exceed max", false, "{name: a, type: float, min: 2, max: 1}"),
        (typeof(ColumnSpec), "min and max apply only to float and int columns", true, "{name: a, type: int, min: 0}"),
        (typeof(ColumnSpec), "min and max apply only to float and int columns", true, "{name: a, type: string}"),
        (typeof(ColumnSpec), "min and max apply only to float and int columns", false, "{name: a, type: string, max: 3}"),
        (typeof(ColumnSpec), "min and max apply only to float and int columns", false, "{name: a, type: category, min: 0}"),
        (typeof(ColumnSpec), "values apply only to category columns", true, "{name: a, type: category, values: [x, y]}"),
        (typeof(ColumnSpec), "values apply only to category columns", false, "{name: a, type: string, values: [x, y]}"),
        (typeof(SplitSpec), "train + validation + test must sum to 1", true, "{}"),
        (typeof(SplitSpec), "train + validation + test must sum to 1", true, "{train: 0.7, validation: 0.2, test: 0.1}"),
        (typeof(SplitSpec), "train + validation + test must sum to 1", true, "{train: 0.6, validation: 0.2, test: 0.2}"),
        (typeof(SplitSpec), "train + validation + test must sum to 1", false, "{train: 0.9}"),
        (typeof(SplitSpec), "train + validation + test must sum to 1", false, "{train: 0.5, validation: 0.1, test: 0.1}"),
        (typeof(SplitSpec), "method hash needs key (the column to hash)", true, "{method: hash, key: customer_id}"),
        (typeof(SplitSpec), "method hash needs key (the column to hash)", true, "{method: random}"),
        (typeof(SplitSpec), "method hash needs key (the column to hash)", false, "{method: hash}"),
        (typeof(SplitSpec), "method time needs timeColumn", true, "{method: time, timeColumn: month}"),
        (typeof(SplitSpec), "method time needs timeColumn", true, "{}"),
        (typeof(SplitSpec), "method time needs timeColumn", false, "{method: time}"),
        (typeof(SplitSpec), "train fraction must be greater than 0", true, "{train: 0.5, validation: 0.25, test: 0.25}"),
        (typeof(SplitSpec), "train fraction must be greater than 0", false, "{train: 0, validation: 0.5, test: 0.5}"),
        (typeof(SplitSpec), "key applies only to method hash", true, "{method: hash, key: id}"),
        (typeof(SplitSpec), "key applies only to method hash", false, "{method: random, key: id}"),
        (typeof(SplitSpec), "key applies only to method hash", false, "{key: id}"),
        (typeof(SplitSpec), "timeColumn applies only to method time", true, "{method: time, timeColumn: month}"),
        (typeof(SplitSpec), "timeColumn applies only to method time", false, "{method: hash, key: id, timeColumn: month}"),
        (typeof(DatasetSpec), "split.key must name a column of the schema", true, "{schema: [{name: id, type: string}], split: {method: hash, key: id}}"),
        (typeof(DatasetSpec), "split.key must name a column of the schema", true, "{schema: [{name: id, type: string}]}"),
        (typeof(DatasetSpec), "split.key must name a column of the schema", false, "{schema: [{name: id, type: string}], split: {method: hash, key: customer}}"),
        (typeof(DatasetSpec), "split.timeColumn must name a timestamp, int or float column of the schema", true, "{schema: [{name: month, type: timestamp}], split: {method: time, timeColumn: month}}"),
        (typeof(DatasetSpec), "split.timeColumn must name a timestamp, int or float column of the schema", false, "{schema: [{name: month, type: string}], split: {method: time, timeColumn: month}}"),
        (typeof(DatasetSpec), "split.timeColumn must name a timestamp, int or float column of the schema", false, "{schema: [{name: month, type: timestamp}], split: {method: time, timeColumn: day}}"),
        (typeof(ColumnSpec), "role timestamp needs type timestamp", true, "{name: t, type: timestamp, role: timestamp}"),
        (typeof(ColumnSpec), "role timestamp needs type timestamp", true, "{name: t, type: string}"),
        (typeof(ColumnSpec), "role timestamp needs type timestamp", false, "{name: t, type: string, role: timestamp}"),
        (typeof(ColumnSpec), "maxNullFraction needs a nullable column (nullable: false allows no missing value at all)", true, "{name: a, type: float, maxNullFraction: 0.1}"),
        (typeof(ColumnSpec), "maxNullFraction needs a nullable column (nullable: false allows no missing value at all)", true, "{name: a, type: float, nullable: false, maxNullFraction: 0}"),
        (typeof(ColumnSpec), "maxNullFraction needs a nullable column (nullable: false allows no missing value at all)", false, "{name: a, type: float, nullable: false, maxNullFraction: 0.1}"),
        (typeof(FeatureSpec), "impute must be the first transform, and appear once: later steps need values that are present", true, "{column: a, transforms: [{type: impute, strategy: mean}, {type: standardize}]}"),
        (typeof(FeatureSpec), "impute must be the first transform, and appear once: later steps need values that are present", true, "{column: a}"),
        (typeof(FeatureSpec), "impute must be the first transform, and appear once: later steps need values that are present", false, "{column: a, transforms: [{type: standardize}, {type: impute, strategy: mean}]}"),
        (typeof(FeatureSpec), "impute must be the first transform, and appear once: later steps need values that are present", false, "{column: a, transforms: [{type: impute, strategy: mean}, {type: impute, strategy: median}]}"),
        (typeof(FeatureSpec), "bucketize, oneHot and hashBucket turn a column into indicator features: at most one of them, as the last transform", true, "{column: a, transforms: [{type: clip, min: 0}, {type: bucketize, quantiles: 4}]}"),
        (typeof(FeatureSpec), "bucketize, oneHot and hashBucket turn a column into indicator features: at most one of them, as the last transform", true, "{column: a, transforms: [{type: standardize}]}"),
        (typeof(FeatureSpec), "bucketize, oneHot and hashBucket turn a column into indicator features: at most one of them, as the last transform", false, "{column: a, transforms: [{type: bucketize, quantiles: 4}, {type: standardize}]}"),
        (typeof(FeatureSpec), "bucketize, oneHot and hashBucket turn a column into indicator features: at most one of them, as the last transform", false, "{column: a, transforms: [{type: oneHot}, {type: hashBucket, buckets: 8}]}"),
        (typeof(HyperparametersSpec), "momentum applies only to optimizer sgd", true, "{optimizer: sgd, momentum: 0.9}"),
        (typeof(HyperparametersSpec), "momentum applies only to optimizer sgd", true, "{momentum: 0}"),
        (typeof(HyperparametersSpec), "momentum applies only to optimizer sgd", false, "{optimizer: adam, momentum: 0.9}"),
        (typeof(HyperparametersSpec), "momentum applies only to optimizer sgd", false, "{momentum: 0.5}"),
        (typeof(ModelSpec), "approvedVersions applies only to promotion manual", true, "{promotion: manual, approvedVersions: [1, 2]}"),
        (typeof(ModelSpec), "approvedVersions applies only to promotion manual", true, "{}"),
        (typeof(ModelSpec), "approvedVersions applies only to promotion manual", false, "{approvedVersions: [3]}"),
        (typeof(RolloutSpec), "analysis.minAgreement compares shadow predictions and needs shadow: true", true, "{shadow: true, canary: {steps: [{weight: 10}], analysis: {minAgreement: 0.95}}}"),
        (typeof(RolloutSpec), "analysis.minAgreement compares shadow predictions and needs shadow: true", true, "{canary: {steps: [{weight: 10}], analysis: {maxErrorRate: 0.01}}}"),
        (typeof(RolloutSpec), "analysis.minAgreement compares shadow predictions and needs shadow: true", false, "{canary: {steps: [{weight: 10}], analysis: {minAgreement: 0.95}}}"),

        // FeatureSet
        (typeof(FeatureSetSpec), "the label column cannot also be a feature", true, "{label: {column: y, task: binary}, features: [{column: x}]}"),
        (typeof(FeatureSetSpec), "the label column cannot also be a feature", false, "{label: {column: y, task: binary}, features: [{column: x}, {column: y}]}"),
        (typeof(FeatureSetSpec), "a feature uses a prohibited column", true, "{label: {column: y, task: binary}, features: [{column: x}]}"),
        (typeof(FeatureSetSpec), "a feature uses a prohibited column", true, "{label: {column: y, task: binary}, features: [{column: x}], prohibitedColumns: [gender]}"),
        (typeof(FeatureSetSpec), "a feature uses a prohibited column", false, "{label: {column: y, task: binary}, features: [{column: x}, {column: gender}], prohibitedColumns: [gender]}"),
        (typeof(TransformSpec), "min and max apply only to clip", true, "{type: clip, min: 0}"),
        (typeof(TransformSpec), "min and max apply only to clip", true, "{type: log1p}"),
        (typeof(TransformSpec), "min and max apply only to clip", false, "{type: standardize, max: 1}"),
        (typeof(TransformSpec), "clip needs min, max or both", true, "{type: clip, max: 1}"),
        (typeof(TransformSpec), "clip needs min, max or both", true, "{type: standardize}"),
        (typeof(TransformSpec), "clip needs min, max or both", false, "{type: clip}"),
        (typeof(TransformSpec), "min must not exceed max", true, "{type: clip, min: 0, max: 1}"),
        (typeof(TransformSpec), "min must not exceed max", false, "{type: clip, min: 2, max: 1}"),
        (typeof(TransformSpec), "bucketize needs exactly one of boundaries or quantiles", true, "{type: bucketize, quantiles: 4}"),
        (typeof(TransformSpec), "bucketize needs exactly one of boundaries or quantiles", true, "{type: bucketize, boundaries: [1, 2]}"),
        (typeof(TransformSpec), "bucketize needs exactly one of boundaries or quantiles", false, "{type: bucketize, boundaries: [1, 2], quantiles: 4}"),
        (typeof(TransformSpec), "bucketize needs exactly one of boundaries or quantiles", false, "{type: bucketize}"),
        (typeof(TransformSpec), "boundaries and quantiles apply only to bucketize", true, "{type: bucketize, boundaries: [1]}"),
        (typeof(TransformSpec), "boundaries and quantiles apply only to bucketize", false, "{type: clip, min: 0, quantiles: 3}"),
        (typeof(TransformSpec), "boundaries must strictly ascend", true, "{type: bucketize, boundaries: [1, 2.5, 3]}"),
        (typeof(TransformSpec), "boundaries must strictly ascend", true, "{type: bucketize, quantiles: 3}"),
        (typeof(TransformSpec), "boundaries must strictly ascend", false, "{type: bucketize, boundaries: [1, 3, 2]}"),
        (typeof(TransformSpec), "strategy, value and indicator apply only to impute", true, "{type: impute, strategy: mean, indicator: true}"),
        (typeof(TransformSpec), "strategy, value and indicator apply only to impute", false, "{type: log1p, indicator: true}"),
        (typeof(TransformSpec), "impute with strategy constant needs value", true, "{type: impute, strategy: constant, value: '0'}"),
        (typeof(TransformSpec), "impute with strategy constant needs value", true, "{type: impute, strategy: median}"),
        (typeof(TransformSpec), "impute with strategy constant needs value", false, "{type: impute, strategy: constant}"),
        (typeof(TransformSpec), "unknown and maxCategories apply only to oneHot", true, "{type: oneHot, maxCategories: 5, unknown: other}"),
        (typeof(TransformSpec), "unknown and maxCategories apply only to oneHot", false, "{type: hashBucket, buckets: 8, unknown: other}"),
        (typeof(TransformSpec), "hashBucket needs buckets, and buckets applies only to hashBucket", true, "{type: hashBucket, buckets: 8}"),
        (typeof(TransformSpec), "hashBucket needs buckets, and buckets applies only to hashBucket", true, "{type: oneHot}"),
        (typeof(TransformSpec), "hashBucket needs buckets, and buckets applies only to hashBucket", false, "{type: hashBucket}"),
        (typeof(TransformSpec), "hashBucket needs buckets, and buckets applies only to hashBucket", false, "{type: oneHot, buckets: 8}"),

        // TrainingJob
        (typeof(TrainingJobSpec), "device cuda needs resources.gpu of at least 1", true, "{device: cuda, resources: {gpu: 1}}"),
        (typeof(TrainingJobSpec), "device cuda needs resources.gpu of at least 1", true, "{device: auto}"),
        (typeof(TrainingJobSpec), "device cuda needs resources.gpu of at least 1", false, "{device: cuda}"),
        (typeof(TrainingJobSpec), "device cuda needs resources.gpu of at least 1", false, "{device: cuda, resources: {gpu: 0}}"),
        (typeof(AlgorithmSpec), "exactly one of linear or mlp must be set", true, "{linear: {}}"),
        (typeof(AlgorithmSpec), "exactly one of linear or mlp must be set", true, "{mlp: {hiddenLayers: [8]}}"),
        (typeof(AlgorithmSpec), "exactly one of linear or mlp must be set", false, "{linear: {}, mlp: {hiddenLayers: [8]}}"),
        (typeof(AlgorithmSpec), "exactly one of linear or mlp must be set", false, "{}"),

        // Model and ModelVersion
        (typeof(GateSpec), "exactly one of min, max, maxRegression or beatsBaseline must be set", true, "{metric: auc, min: 0.7}"),
        (typeof(GateSpec), "exactly one of min, max, maxRegression or beatsBaseline must be set", true, "{metric: auc, beatsBaseline: true}"),
        (typeof(GateSpec), "exactly one of min, max, maxRegression or beatsBaseline must be set", false, "{metric: auc, min: 0.7, max: 0.9}"),
        (typeof(GateSpec), "exactly one of min, max, maxRegression or beatsBaseline must be set", false, "{metric: auc, maxRegression: 0.01, beatsBaseline: true}"),
        (typeof(GateSpec), "exactly one of min, max, maxRegression or beatsBaseline must be set", false, "{metric: auc}"),
        (typeof(GateSpec), "beatsBaseline compares overall metrics and cannot be applied per slice", true, "{metric: recall, min: 0.4, slice: {column: plan}}"),
        (typeof(GateSpec), "beatsBaseline compares overall metrics and cannot be applied per slice", true, "{metric: auc, beatsBaseline: true}"),
        (typeof(GateSpec), "beatsBaseline compares overall metrics and cannot be applied per slice", false, "{metric: auc, beatsBaseline: true, slice: {column: plan}}"),
        (typeof(ModelVersionSpec), "a ModelVersion is immutable", true, "{version: 1, task: binary}"),

        // Deployment
        (typeof(VersionSelector), "policy pinned needs pinned, and pinned needs policy pinned", true, "{policy: pinned, pinned: 3}"),
        (typeof(VersionSelector), "policy pinned needs pinned, and pinned needs policy pinned", true, "{policy: latestApproved}"),
        (typeof(VersionSelector), "policy pinned needs pinned, and pinned needs policy pinned", true, "{}"),
        (typeof(VersionSelector), "policy pinned needs pinned, and pinned needs policy pinned", false, "{policy: pinned}"),
        (typeof(VersionSelector), "policy pinned needs pinned, and pinned needs policy pinned", false, "{pinned: 3}"),
        (typeof(ReplicasSpec), "min replicas must not exceed max replicas", true, "{min: 1, max: 3}"),
        (typeof(ReplicasSpec), "min replicas must not exceed max replicas", true, "{}"),
        (typeof(ReplicasSpec), "min replicas must not exceed max replicas", true, "{max: 5}"),
        (typeof(ReplicasSpec), "min replicas must not exceed max replicas", true, "{min: 0}"),
        (typeof(ReplicasSpec), "min replicas must not exceed max replicas", false, "{min: 3}"),
        (typeof(ReplicasSpec), "min replicas must not exceed max replicas", false, "{min: 4, max: 2}"),
        (typeof(CanarySpec), "canary step weights must strictly ascend", true, "{steps: [{weight: 10}, {weight: 50}, {weight: 100}]}"),
        (typeof(CanarySpec), "canary step weights must strictly ascend", true, "{steps: [{weight: 100}]}"),
        (typeof(CanarySpec), "canary step weights must strictly ascend", false, "{steps: [{weight: 50}, {weight: 10}]}"),
        (typeof(CanarySpec), "canary step weights must strictly ascend", false, "{steps: [{weight: 50}, {weight: 50}]}"),

        // Monitor
        (typeof(LiveQualitySpec), "exactly one of min or max must be set", true, "{metric: auc, min: 0.7}"),
        (typeof(LiveQualitySpec), "exactly one of min or max must be set", true, "{metric: rmse, max: 3}"),
        (typeof(LiveQualitySpec), "exactly one of min or max must be set", false, "{metric: auc, min: 0.7, max: 0.9}"),
        (typeof(LiveQualitySpec), "exactly one of min or max must be set", false, "{metric: auc}"),
        (typeof(MonitorActions), "action retrain needs retrainJobRef: the TrainingJob to run again", true, "{onDrift: retrain, retrainJobRef: {name: churn}}"),
        (typeof(MonitorActions), "action retrain needs retrainJobRef: the TrainingJob to run again", true, "{onDrift: alert, onQualityBreach: rollback}"),
        (typeof(MonitorActions), "action retrain needs retrainJobRef: the TrainingJob to run again", false, "{onDrift: retrain}"),
        (typeof(MonitorActions), "action retrain needs retrainJobRef: the TrainingJob to run again", false, "{onDrift: alert, onQualityBreach: retrain}"),

        // GitSource
        (typeof(GitRef), "at most one of branch, tag or commit may be set", true, "{branch: main}"),
        (typeof(GitRef), "at most one of branch, tag or commit may be set", true, "{}"),
        (typeof(GitRef), "at most one of branch, tag or commit may be set", false, "{branch: main, tag: v1.0.0}"),
        (typeof(GitRef), "at most one of branch, tag or commit may be set", false, "{tag: v1.0.0, commit: 0123456789abcdef0123456789abcdef01234567}"),
    ];

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
            Assert.True(type.GetProperty("CelRules") is not null && SchemaGenerator.ForType(type).Rules.Any(r => r.Message == message),
                $"{type.Name} has no rule '{message}' (example {yaml})");
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
            Assert.True(Resolve(SchemaGenerator.ForType(type), rule.FieldPath!.TrimStart('.').Split('.')) is not null,
                $"{where}: fieldPath {rule.FieldPath} of '{rule.Message}' names no field of {type.Name}");
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
