using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace GitOpsMl.Api.Manifests;

/// <summary>
/// Converts node trees to <see cref="JsonNode"/>s for typed deserialization with System.Text.Json.
/// </summary>
public static class ManifestNodeJson
{
    /// <summary>
    /// A JSON copy of <paramref name="node"/>: mappings become objects (keys are the key scalars' text),
    /// sequences arrays, strings strings, bools bools and nulls JSON null (so the result is null for a
    /// null scalar). Ints become <see cref="long"/> values, or — past 64 bits — exact JSON number text
    /// (octal and hexadecimal ones past 64 bits: the nearest double). Floats become <see cref="double"/>
    /// values, except that JSON has no infinities or NaN: those become the strings "Infinity",
    /// "-Infinity" and "NaN", which System.Text.Json reads back into a double under
    /// <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c>. Shared (aliased) subtrees are copied.
    /// </summary>
    /// <exception cref="InsufficientExecutionStackException">The tree is too deep to convert; trees from <see cref="ManifestLoader"/> never are.</exception>
    public static JsonNode? ToJsonNode(ManifestNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case ScalarNode scalar:
                return ToJsonValue(scalar);
            case SequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Items)
                {
                    array.Add(ToJsonNode(item));
                }

                return array;
            case MappingNode mapping:
                var obj = new JsonObject();
                foreach (var entry in mapping.Entries)
                {
                    obj.Add(entry.Key.Value, ToJsonNode(entry.Value));
                }

                return obj;
            default:
                throw new ArgumentException($"unknown node type {node.GetType().Name}", nameof(node));
        }
    }

    private static JsonNode? ToJsonValue(ScalarNode scalar)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Null:
                return null;
            case ScalarKind.Bool:
                return JsonValue.Create(scalar.TryGetBool(out bool b) && b);
            case ScalarKind.Int:
                if (scalar.TryGetLong(out long l))
                {
                    return JsonValue.Create(l);
                }

                if (CoreSchema.ToJsonIntegerText(scalar.Value) is { } digits)
                {
                    return JsonNode.Parse(digits);
                }

                scalar.TryGetDouble(out double big);
                return NumberOrName(big);
            case ScalarKind.Float:
                scalar.TryGetDouble(out double d);
                return NumberOrName(d);
            default:
                return JsonValue.Create(scalar.Value);
        }
    }

    private static JsonNode NumberOrName(double value) =>
        double.IsNaN(value) ? JsonValue.Create("NaN")
        : double.IsPositiveInfinity(value) ? JsonValue.Create("Infinity")
        : double.IsNegativeInfinity(value) ? JsonValue.Create("-Infinity")
        : JsonValue.Create(value);
}
