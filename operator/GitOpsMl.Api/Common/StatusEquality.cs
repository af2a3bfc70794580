using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsMl.Api.Common;

/// <summary>
/// Value equality for statuses. A record's generated Equals compares list and dictionary fields by reference, so
/// two identical statuses read twice compared unequal and a controller diffing "status to write" against "status
/// there" would write every time. Every status record routes its Equals and GetHashCode here: equal means the same
/// JSON under <see cref="ApiJson"/> (what the API server stores), with object members compared regardless of order.
/// </summary>
public static class StatusEquality
{
    public static bool Same(ResourceStatus? a, ResourceStatus? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null || a.GetType() != b.GetType()) return false;
        return JsonNode.DeepEquals(JsonSerializer.SerializeToNode(a, a.GetType(), ApiJson.Options),
            JsonSerializer.SerializeToNode(b, b.GetType(), ApiJson.Options));
    }

    /// <summary>A hash consistent with <see cref="Same"/>: built only from what equal statuses must share.</summary>
    public static int HashOf(ResourceStatus status) =>
        HashCode.Combine(status.GetType(), status.ObservedGeneration, status.Conditions?.Count ?? -1);
}
