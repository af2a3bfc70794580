using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GitOpsMl.Api.Manifests;
using static GitOpsMl.Api.Tests.Manifests.ManifestTestHelpers;

namespace GitOpsMl.Api.Tests.Manifests;

public class ManifestNodeJsonTests
{
    [Fact]
    public void Scalars_convert_by_kind()
    {
        var root = LoadRoot(
            "int: 3\nhex: 0x10\nfloat: 1.5\nbool: true\nnull: ~\nempty:\nstring: \"3\"\nyes: yes\n" +
            "big: 123456789012345678901234567890\nbigHex: 0x10000000000000000\ninf: -.inf\nnan: .nan\n");

        var json = Assert.IsType<JsonObject>(ManifestNodeJson.ToJsonNode(root));

        Assert.Equal(
            """{"int":3,"hex":16,"float":1.5,"bool":true,"null":null,"empty":null,"string":"3","yes":"yes","big":123456789012345678901234567890,"bigHex":1.8446744073709552E+19,"inf":"-Infinity","nan":"NaN"}""",
            json.ToJsonString());
        Assert.Equal(3L, json["int"]!.GetValue<long>());
        Assert.Equal(1.5, json["float"]!.GetValue<double>());
    }

    [Fact]
    public void A_null_root_scalar_converts_to_null()
    {
        Assert.Null(ManifestNodeJson.ToJsonNode(new ScalarNode(new SourceMark(1, 1), "null", ScalarKind.Null)));
    }

    [Fact]
    public void Aliases_and_merges_are_copied_out()
    {
        var root = LoadRoot("base: &b {cpu: 1, tags: [a]}\nx: *b\ny: {<<: *b, cpu: 2}\n");

        var json = ManifestNodeJson.ToJsonNode(root)!;

        Assert.Equal(
            """{"base":{"cpu":1,"tags":["a"]},"x":{"cpu":1,"tags":["a"]},"y":{"tags":["a"],"cpu":2}}""",
            json.ToJsonString());
    }

    private sealed record Container(string Name, int Port, double Cpu, bool Privileged, string? Note);

    private sealed record Pod(string Kind, List<Container> Containers, Dictionary<string, string> Labels);

    [Fact]
    public void The_json_deserializes_into_typed_records()
    {
        var root = LoadRoot(
            "kind: Pod\n" +
            "labels: {app: web, \"version\": \"2\"}\n" +
            "containers:\n" +
            "  - {name: web, port: 8080, cpu: 0.5, privileged: false, note: ~}\n" +
            "  - {name: side, port: 9090, cpu: .inf, privileged: true}\n");

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        var pod = ManifestNodeJson.ToJsonNode(root).Deserialize<Pod>(options)!;

        Assert.Equal("Pod", pod.Kind);
        Assert.Equal(new Container("web", 8080, 0.5, false, null), pod.Containers[0]);
        Assert.Equal(double.PositiveInfinity, pod.Containers[1].Cpu);
        Assert.Equal("2", pod.Labels["version"]);
    }

    [Fact]
    public void Quoted_numbers_stay_strings_and_do_not_deserialize_as_numbers()
    {
        var json = ManifestNodeJson.ToJsonNode(LoadRoot("port: \"8080\"\n"))!;

        Assert.Throws<JsonException>(() => json.Deserialize<Dictionary<string, int>>());
    }
}
