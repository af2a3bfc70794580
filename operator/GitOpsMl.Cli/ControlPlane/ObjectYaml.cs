using System.Text.Json;
using GitOpsMl.Api.Common;
using YamlDotNet.Serialization;

namespace GitOpsMl.Cli.ControlPlane;

/// <summary>Objects as YAML (through their API JSON, so field names, enum names and omitted nulls are the API's own).</summary>
public static class ObjectYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder().DisableAliases().Build();

    public static string Of(object value) => Serializer.Serialize(Plain(value is JsonElement e ? e : JsonSerializer.SerializeToElement(value, value.GetType(), ApiJson.Options)));

    private static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
