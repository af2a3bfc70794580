namespace GitOpsMl.Local.Tests.Sources;

/// <summary>Manifest texts for the GitSource tests: small Datasets over one data file, and a Model.</summary>
public static class Manifests
{
    public const string Data = "id,x,label\na,1,true\nb,2,false\nc,3,true\n";

    public static string Dataset(string name, double maxX = 10, string xType = "float") => $$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Dataset
        metadata:
          name: {{name}}
        spec:
          source:
            path: data/small.csv
          format: csv
          schema:
            - {name: id, type: string, role: id}
            - {name: x, type: {{xType}}, min: 0, max: {{maxX}}}
            - {name: label, type: bool, role: label}
        """;

    public static string Model(string name) => $$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Model
        metadata:
          name: {{name}}
        spec:
          gates: [{metric: auc, min: 0.7}]
        """;
}
