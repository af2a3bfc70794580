using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// Writes a run's objects as manifests `gitopsml train` reads: one file per object, JSON (which
/// is YAML), as a user would commit them — spec and identifying metadata only. Status and the
/// store's bookkeeping (resourceVersion, uid, generation, owners) are the store's, not the run's.
/// </summary>
public static class RunManifestWriter
{
    private static readonly string[] KeptMetadata = ["name", "namespace", "labels", "annotations"];

    // The API records expose computed getters (TrainingJob's algorithm.isLinear, a split's trainOrDefault ...)
    // that ApiJson would write and validation then refuses as unknown fields: only settable properties are fields.
    private static readonly JsonSerializerOptions FieldsOnly = new(ApiJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Kind != JsonTypeInfoKind.Object) return;
                    for (var i = info.Properties.Count - 1; i >= 0; i--)
                        if (info.Properties[i].Set is null) info.Properties.RemoveAt(i);
                },
            },
        },
    };

    public static void Write(string folder, IReadOnlyList<CustomResource> objects)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            var file = Path.Combine(folder, $"{i:D2}-{o.Kind.ToLowerInvariant()}-{o.Metadata.Name}.yaml");
            AtomicFile.WriteText(file, ToManifest(o).ToJsonString(ApiJson.Indented) + "\n");
        }
    }

    public static JsonObject ToManifest(CustomResource resource)
    {
        var node = JsonSerializer.SerializeToNode(resource, resource.GetType(), FieldsOnly)!.AsObject();
        node.Remove("status");
        var metadata = new JsonObject();
        if (node["metadata"] is JsonObject written)
        {
            foreach (var key in KeptMetadata)
                if (written[key] is { } value) metadata[key] = value.DeepClone();
        }
        metadata["namespace"] = ObjectKey.NamespaceOf(resource.Metadata.Namespace);
        node["metadata"] = metadata;
        return node;
    }
}
