using System.Globalization;
using System.Text;

namespace GitOpsMl.Cli.Tests.Support;

/// <summary>
/// A repository holding one small trainable set: Dataset d (x float, churned bool label) in manifests/set.yaml with
/// FeatureSet f and Model m, TrainingJob t (an mlp of 8) in manifests/job.yaml, and data/d.csv of a given number of rows.
/// </summary>
public static class SmallTrainingRepository
{
    /// <param name="datasetExtra">Lines added to the Dataset's spec, e.g. "  split: {train: 0.5, validation: 0.1, test: 0.4}".</param>
    /// <param name="mlpExtra">Fields added to the job's mlp, e.g. ", batchNorm: true".</param>
    /// <param name="jobExtra">Lines added to the job's spec, e.g. "  earlyStopping: {metric: auc}".</param>
    public static TempRepository Create(int rows, string datasetExtra = "", string mlpExtra = "", string jobExtra = "")
    {
        var repo = new TempRepository();
        repo.Write("manifests/set.yaml", SetYaml(datasetExtra: datasetExtra));
        repo.Write("manifests/job.yaml", JobYaml(mlpExtra, jobExtra));
        repo.Write("data/d.csv", Csv(rows));
        return repo;
    }

    /// <summary>manifests/set.yaml: Dataset d reading <paramref name="path"/>, FeatureSet f, Model m.</summary>
    public static string SetYaml(string path = "data/d.csv", string datasetExtra = "") => $$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Dataset
        metadata:
          name: d
        spec:
          source: {path: {{path}}}
          schema:
            - {name: x, type: float}
            - {name: churned, type: bool, role: label}
        {{datasetExtra}}
        ---
        apiVersion: gitopsml.io/v1alpha1
        kind: FeatureSet
        metadata:
          name: f
        spec:
          datasetRef: {name: d}
          label: {column: churned, task: binary}
          features: [{column: x}]
        ---
        apiVersion: gitopsml.io/v1alpha1
        kind: Model
        metadata:
          name: m
        spec: {}
        """;

    /// <summary>manifests/job.yaml: TrainingJob t, an mlp of 8; its spec's value starts on line 6, column 3, and <paramref name="jobExtra"/> on line 9.</summary>
    public static string JobYaml(string mlpExtra = "", string jobExtra = "") => $$$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: TrainingJob
        metadata:
          name: t
        spec:
          featureSetRef: {name: f}
          modelRef: {name: m}
          algorithm: {mlp: {hiddenLayers: [8]{{{mlpExtra}}}}}
        {{{jobExtra}}}
        """;

    /// <summary>Rows of x in [0, 1) and churned = x above 0.5, the same every time.</summary>
    public static string Csv(int rows)
    {
        var csv = new StringBuilder("x,churned\n");
        for (var i = 0; i < rows; i++)
        {
            var x = (i * 37 % rows) / (double)rows;
            csv.Append(CultureInfo.InvariantCulture, $"{x},{(x > 0.5 ? "true" : "false")}\n");
        }
        return csv.ToString();
    }
}
