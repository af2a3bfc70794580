using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Protocol;
using Prometheus;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>
/// The 429 answers of load shedding, preformatted: under overload most answers are 429s, so a shed
/// request must cost as little as possible — no body read, no serializer, no message formatting.
/// Each (model, version, rule) gets its error message and JSON around the request id built once;
/// the body is the same JSON error every other failure answers with (<see cref="ErrorResponse"/>).
/// </summary>
public sealed class ShedResponses(ServingMetrics metrics)
{
    /// <summary>The rules that shed, as the <c>reason</c> label of <c>gitopsml_shed_total</c>.</summary>
    public const string Admission = "admission", QueueFull = "queue_full", QueueTimeout = "queue_timeout";

    private static readonly JsonEncodedText IdProperty = JsonEncodedText.Encode("id");

    private readonly ConcurrentDictionary<(string Model, string? Version, string Reason), ShedResponse> _responses = new();

    /// <summary>The shed answer for <paramref name="model"/> (and <paramref name="version"/>, once routed) by <paramref name="reason"/>.</summary>
    public ShedResponse For(string model, string? version, string reason, Func<string, string?, string> message)
    {
        var key = (model, version, reason);
        return _responses.TryGetValue(key, out var response) ? response : _responses.GetOrAdd(key, k => Build(k.Model, k.Version, k.Reason, message(k.Model, k.Version)));
    }

    private ShedResponse Build(string model, string? version, string reason, string message)
    {
        var relaxed = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var prefix = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(prefix, relaxed))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteString(IdProperty, "");
        }
        // The empty id's closing quote starts the suffix: the id goes between the two quotes.
        var head = prefix.WrittenSpan[..^1].ToArray();
        var tail = new ArrayBufferWriter<byte>(128);
        tail.Write("\""u8);
        if (version is not null)
        {
            tail.Write(",\"model_version\":"u8);
            using var writer = new Utf8JsonWriter(tail, relaxed);
            writer.WriteStringValue(version);
        }
        tail.Write("}"u8);
        return new ShedResponse(new RequestError(429, message), head, tail.WrittenSpan.ToArray(), metrics.Shed.WithLabels(model, reason));
    }
}
