using System.Text.Json.Nodes;
using GitOpsMl.Api.Schema;
using GitOpsMl.Testing.Kubernetes;

namespace GitOpsMl.Crds.Tests;

/// <summary>Every manifest under examples/ is accepted by the real server, which fills in exactly the defaults the C# types declare.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ExampleManifestTests(CrdCluster cluster)
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in RepoFiles.ExampleManifests()) data.Add(Path.GetRelativePath(RepoFiles.Root, f));
        return data;
    }

    [KubernetesTheory]
    [MemberData(nameof(Files))]
    public async Task An_example_is_accepted_and_read_back_with_the_schema_defaults(string file)
    {
        var documents = RepoFiles.DocumentsOf(RepoFiles.Combine(file));
        Assert.NotEmpty(documents);
        foreach (var (document, i) in documents.Select((d, i) => (d, i)))
        {
            var kind = KindRegistry.Find(document["kind"]!.GetValue<string>()) ?? throw new InvalidOperationException($"{file}: unknown kind");
            cluster.RequireInstalled(kind);
            var body = document.DeepClone().AsObject();
            var metadata = body["metadata"]!.AsObject();
            // Two example repositories may use the same names; the namespace is the test's.
            var name = $"{Path.GetFileNameWithoutExtension(file)}-{i}-{metadata["name"]}".ToLowerInvariant();
            metadata["name"] = name;
            metadata.Remove("namespace");

            await cluster.CreateAsync(kind, body);
            var stored = await cluster.GetAsync(kind, name);

            var expected = SchemaDefaults.Apply(document["spec"]!, kind.Schema.Properties!["spec"]);
            var differences = SchemaDefaults.Differences(expected, stored["spec"], "spec");
            Assert.True(differences.Count == 0, $"{file} {kind.Kind}/{metadata["name"]}: the server's defaults differ from the C# types':\n" + string.Join("\n", differences));
        }
    }

    [KubernetesFact]
    public async Task The_server_fills_in_every_default_of_a_minimal_object_as_the_types_declare()
    {
        foreach (var kind in KindRegistry.All)
        {
            cluster.RequireInstalled(kind);
            var created = await cluster.CreateAsync(kind, TestObjects.Minimal(kind, "defaults-" + kind.Singular), dryRun: true);
            var expected = SchemaDefaults.Apply(TestObjects.Minimal(kind, "x")["spec"]!, kind.Schema.Properties!["spec"]);
            var differences = SchemaDefaults.Differences(expected, created["spec"], "spec");
            Assert.True(differences.Count == 0, $"{kind.Kind}: " + string.Join("\n", differences));
        }
    }
}
