using System.Text;
using GitOpsMl.Api.Schema;
using GitOpsMl.Api.Validation;
using static GitOpsMl.Api.Tests.Schema.SchemaTestSupport;

namespace GitOpsMl.Api.Tests.Schema;

/// <summary>The smallest spec of each kind that a user can write: it must pass, so defaults carry the rest.</summary>
public class MinimalObjectTests
{
    public static IReadOnlyDictionary<string, string> MinimalSpecs { get; } = new Dictionary<string, string>
    {
        ["Dataset"] = """
            source: {path: data/churn.csv}
            schema:
              - {name: tenure, type: float}
            """,
        ["FeatureSet"] = """
            datasetRef: {name: churn}
            label: {column: churned, task: binary}
            features:
              - {column: tenure}
            """,
        ["TrainingJob"] = """
            featureSetRef: {name: churn}
            modelRef: {name: churn}
            algorithm: {linear: {}}
            """,
        ["Model"] = "{}",
        ["ModelVersion"] = """
            modelRef: {name: churn}
            version: 1
            trainingJobRef: {name: churn}
            artifact: {uri: s3://models/churn/1/model.onnx, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}
            task: binary
            lineage: {}
            """,
        ["Deployment"] = "modelRef: {name: churn}",
        ["Monitor"] = "deploymentRef: {name: churn}",
        ["GitSource"] = "url: https://github.com/example/ml.git",
    };

    [Fact]
    public void Every_kind_has_a_minimal_example()
    {
        Assert.Equal(KindRegistry.All.Select(k => k.Kind).Order(StringComparer.Ordinal), MinimalSpecs.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EveryKind.Kinds), MemberType = typeof(EveryKind))]
    public void The_minimal_spec_of_each_kind_passes_its_schema(string kind)
    {
        var result = ValidateSpec(kind, MinimalSpecs[kind]);

        Assert.True(result.Valid, Lines(result.Diagnostics));
        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [MemberData(nameof(EveryKind.Kinds), MemberType = typeof(EveryKind))]
    public void Removing_any_required_spec_field_of_the_minimal_spec_is_an_error(string kind)
    {
        var spec = Load(MinimalSpecs[kind]) as Api.Manifests.MappingNode;
        Assert.NotNull(spec);
        foreach (var required in Kind(kind).Schema.Properties!["spec"].Required)
        {
            var without = new Api.Manifests.MappingNode(spec.Start, spec.Entries.Where(e => e.Key.Value != required).ToList());
            var result = SchemaValidator.Validate(FileName, kind + "/test", without, Kind(kind).Schema.Properties!["spec"], "spec");
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal($"spec.{required}", d.FieldPath);
            Assert.Equal($"required field \"{required}\" is missing", d.Message);
        }
    }

    [Fact]
    public void The_minimal_objects_of_every_user_kind_make_a_valid_set_together()
    {
        var yaml = new StringBuilder();
        var names = new Dictionary<string, string>
        {
            ["Dataset"] = "churn", ["FeatureSet"] = "churn", ["TrainingJob"] = "churn", ["Model"] = "churn",
            ["Deployment"] = "churn", ["Monitor"] = "churn", ["GitSource"] = "repo",
        };
        foreach (var (kind, name) in names)
        {
            var spec = kind == "Dataset"
                ? "source: {path: data/churn.csv}\nschema:\n  - {name: tenure, type: float}\n  - {name: churned, type: bool, role: label}"
                : MinimalSpecs[kind];
            yaml.Append("---\napiVersion: gitopsml.io/v1alpha1\nkind: ").Append(kind).Append("\nmetadata: {name: ").Append(name).Append("}\nspec:\n");
            foreach (var line in spec.Split('\n')) yaml.Append("  ").Append(line).Append('\n');
        }

        var report = ManifestValidator.Validate([new ManifestFile("minimal.yaml", Encoding.UTF8.GetBytes(yaml.ToString()))]);

        Assert.True(report.Diagnostics.Count == 0, Lines(report.Diagnostics) + "\n" + yaml);
        Assert.Equal(names.Count, report.Objects.Count);
    }
}
