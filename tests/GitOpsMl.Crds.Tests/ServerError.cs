using System.Text.Json.Nodes;
using k8s.Autorest;

namespace GitOpsMl.Crds.Tests;

/// <summary>A refusal from the API server: its Status message and the field causes it lists.</summary>
public sealed record ServerError(int Code, string Message, IReadOnlyList<ServerError.Cause> Causes)
{
    /// <summary>One cause: the field path ("spec.replicas.min") and the message without its "Invalid value: ..." prefix.</summary>
    public sealed record Cause(string Field, string Reason, string Message);

    public static ServerError Of(HttpOperationException e)
    {
        var content = e.Response?.Content ?? "";
        JsonNode? status = null;
        try { status = JsonNode.Parse(content); } catch (System.Text.Json.JsonException) { }
        var causes = (status?["details"]?["causes"] as JsonArray ?? [])
            .Select(c => new Cause(c?["field"]?.GetValue<string>() ?? "", c?["reason"]?.GetValue<string>() ?? "", Strip(c?["message"]?.GetValue<string>() ?? "")))
            .ToList();
        return new ServerError((int?)e.Response?.StatusCode ?? 0, status?["message"]?.GetValue<string>() ?? content, causes);
    }

    // "Invalid value: \"object\": min replicas must not exceed max replicas" → the rule's message.
    private static string Strip(string message)
    {
        const string invalid = "Invalid value: ";
        if (!message.StartsWith(invalid, StringComparison.Ordinal)) return message;
        var rest = message[invalid.Length..];
        if (rest.StartsWith('"'))
        {
            var end = rest.IndexOf("\": ", 1, StringComparison.Ordinal);
            if (end > 0) return rest[(end + 3)..];
        }
        var colon = rest.IndexOf(": ", StringComparison.Ordinal);
        return colon >= 0 ? rest[(colon + 2)..] : rest;
    }

    public override string ToString() => $"{Code} {Message}\n" + string.Join("\n", Causes.Select(c => $"  {c.Field} [{c.Reason}] {c.Message}"));
}
