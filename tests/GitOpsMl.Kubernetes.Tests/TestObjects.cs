using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>Valid objects to send to the API server (the CRDs' required fields filled), built from YAML as a user writes them.</summary>
public static class TestObjects
{
    public static T FromYaml<T>(string yaml) where T : CustomResource =>
        RepoFiles.Documents("test.yaml", yaml).Single().Deserialize<T>(ApiJson.Options)!;

    public static Dataset Dataset(string ns, string name, string path = "data.csv") => FromYaml<Dataset>($$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Dataset
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec: {source: {path: {{path}} }, schema: [{name: tenure, type: float}]}
        """);

    public static Model Model(string ns, string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = ns } };

    public static FeatureSet FeatureSet(string ns, string name, string dataset) => FromYaml<FeatureSet>($$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: FeatureSet
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec: {datasetRef: {name: {{dataset}} }, label: {column: churned, task: binary}, features: [{column: tenure}]}
        """);

    public static Deployment Deployment(string ns, string name) => FromYaml<Deployment>($$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Deployment
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec: {modelRef: {name: churn} }
        """);

    public static ModelVersion ModelVersion(string ns, string name, OwnerReference? owner = null, params string[] finalizers)
    {
        var version = FromYaml<ModelVersion>($$"""
            apiVersion: gitopsml.io/v1alpha1
            kind: ModelVersion
            metadata: {name: {{name}}, namespace: {{ns}}}
            spec:
              modelRef: {name: churn}
              version: 1
              trainingJobRef: {name: churn}
              task: binary
              lineage: {}
              artifact: {uri: s3://models/churn/1/model.onnx, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}
            """);
        return version with
        {
            Metadata = version.Metadata with { OwnerReferences = owner is null ? null : [owner], Finalizers = finalizers.Length > 0 ? [.. finalizers] : null },
        };
    }

    public static ObjectKey Key(string kind, string ns, string name) => new(kind, ns, name);
}
