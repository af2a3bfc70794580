using System.Text;
using GitOpsMl.Api.Validation;

namespace GitOpsMl.Api.Tests.Validation;

/// <summary>validate reads YAML 1.2; kubectl reads YAML 1.1, where an unquoted yes/no/on/off is a boolean. Such values get a warning.</summary>
public class Yaml11BooleanTests
{
    private const string Template = """
apiVersion: gitopsml.io/v1alpha1
kind: Dataset
metadata:
  name: d
  labels: {critical: LABEL}
spec:
  source: {path: d.csv}
  schema:
    - {name: answer, type: category, values: [yes, no]}
    - {name: churned, type: string, role: label}
---
apiVersion: gitopsml.io/v1alpha1
kind: FeatureSet
metadata: {name: f}
spec:
  datasetRef: {name: d}
  label: {column: churned, task: binary, positiveClass: POSITIVE}
  features: [{column: answer}]
""";

    private static ValidationReport Validate(string label, string positive) =>
        ManifestValidator.Validate([new ManifestFile("m.yaml", Encoding.UTF8.GetBytes(Template.Replace("LABEL", label).Replace("POSITIVE", positive)))]);

    [Fact]
    public void Unquoted_yaml11_booleans_in_string_fields_and_labels_are_warnings_not_errors()
    {
        var report = Validate("yes", "on");

        Assert.True(report.IsValid);
        Assert.Equal(
        [
            "m.yaml:5:22: warning: Dataset/d: metadata.labels[\"critical\"]: unquoted yes is a string here (YAML 1.2) but a boolean to kubectl (YAML 1.1), which would reject or change it; write \"yes\"",
            "m.yaml:9:47: warning: Dataset/d: spec.schema[0].values[0]: unquoted yes is a string here (YAML 1.2) but a boolean to kubectl (YAML 1.1), which would reject or change it; write \"yes\"",
            "m.yaml:9:52: warning: Dataset/d: spec.schema[0].values[1]: unquoted no is a string here (YAML 1.2) but a boolean to kubectl (YAML 1.1), which would reject or change it; write \"no\"",
            "m.yaml:17:57: warning: FeatureSet/f: spec.label.positiveClass: unquoted on is a string here (YAML 1.2) but a boolean to kubectl (YAML 1.1), which would reject or change it; write \"on\"",
        ], report.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Quoted_values_and_ordinary_words_get_no_warning()
    {
        var report = ManifestValidator.Validate([new ManifestFile("m.yaml", Encoding.UTF8.GetBytes(
            Template.Replace("LABEL", "\"yes\"").Replace("POSITIVE", "'on'").Replace("values: [yes, no]", "values: [\"yes\", maybe]")))]);

        Assert.Empty(report.Diagnostics.Select(d => d.ToString()));
    }
}
