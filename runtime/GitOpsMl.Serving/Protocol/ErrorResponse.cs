using System.Text.Json.Serialization;

namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// Body of every error: Open Inference Protocol's {"error": "..."} plus the input at fault, what was
/// expected, the request id and version, and — for a model with no loaded version — its refused bundles.
/// </summary>
public sealed record ErrorResponse(
    string Error,
    string? Input,
    string? Expected,
    string? Id,
    [property: JsonPropertyName("model_version")] string? ModelVersion,
    IReadOnlyList<LoadFailureStatus>? LoadFailures = null);
