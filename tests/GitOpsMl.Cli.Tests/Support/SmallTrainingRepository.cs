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
        repo.Write("manifests/set.yaml", $$"""
            apiVersion: gitopsml.io/v1alpha1
            kind: Dataset
            metadata:
              name: d
            spec:
              source: {path: data/d.csv}
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
            """);
        repo.Write("manifests/job.yaml", $$$"""
            apiVersion: gitopsml.io/v1alpha1
            kind: TrainingJob
            metadata:
              name: t
            spec:
              featureSetRef: {name: f}
              modelRef: {name: m}
              algorithm: {mlp: {hiddenLayers: [8]{{{mlpExtra}}}}}
            {{{jobExtra}}}
            """);
        repo.Write("data/d.csv", Csv(rows));
        return repo;
    }

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
