using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Kubernetes;

/// <summary>
/// Reads the API server's metav1.Status refusal (HTTP code and body) into the store's typed errors:
/// 404 NotFound, 409 AlreadyExists or Conflict (by the Status reason), 410 Expired, 400/422 Invalid
/// with the server's message and each field cause. Other codes are not the store's to type (null).
/// </summary>
public static class ServerRefusal
{
    public static StoreException? ToStoreException(int code, string? body, ObjectKey? key)
    {
        var status = Parse(body);
        var reason = status?["reason"]?.GetValue<string>() ?? "";
        var message = status?["message"]?.GetValue<string>() is { Length: > 0 } m ? m : $"HTTP {code}: {body}";
        var kind = code switch
        {
            404 => StoreErrorKind.NotFound,
            409 when reason == "AlreadyExists" => StoreErrorKind.AlreadyExists,
            409 => StoreErrorKind.Conflict,
            410 => StoreErrorKind.Expired,
            400 or 422 => StoreErrorKind.Invalid,
            _ => (StoreErrorKind?)null,
        };
        if (kind is null)
        {
            return null;
        }
        var causes = (status?["details"]?["causes"] as JsonArray ?? [])
            .Select(c => new StoreFieldError(Text(c, "field"), Text(c, "reason"), Text(c, "message")))
            .ToList();
        return new StoreException(kind.Value, key, message) { Fields = causes };
    }

    private static string Text(JsonNode? node, string field) =>
        node?[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static JsonObject? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            // A proxy's HTML page or plain text: the message falls back to the raw body.
            return null;
        }
    }
}
