using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.IO.Pipelines;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Protocol;
using Microsoft.AspNetCore.Http;
using Prometheus;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>One preformatted shed answer: its error (for logs and tests), the JSON around the id, and its counter.</summary>
public sealed class ShedResponse(RequestError error, byte[] head, byte[] tail, Counter.Child counter)
{
    public RequestError Error { get; } = error;

    /// <summary>Writes the 429 with Retry-After and counts it; <paramref name="id"/> is escaped only when it needs to be.</summary>
    public ValueTask<FlushResult> WriteAsync(HttpContext context, string id, string? version)
    {
        counter.Inc();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.ContentType = JsonResponses.ContentType;
        response.Headers.RetryAfter = "1";
        response.Headers[RequestIds.Header] = id;
        if (version is not null) response.Headers[RequestIds.VersionHeader] = version;
        var escaped = NeedsEscaping(id) ? JsonEncodedText.Encode(id, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes : default;
        var idLength = escaped.IsEmpty ? Encoding.ASCII.GetByteCount(id) : escaped.Length;
        response.ContentLength = head.Length + idLength + tail.Length;
        var writer = response.BodyWriter;
        writer.Write(head);
        if (escaped.IsEmpty)
        {
            var span = writer.GetSpan(idLength);
            Encoding.ASCII.GetBytes(id, span);
            writer.Advance(idLength);
        }
        else
        {
            writer.Write(escaped);
        }
        writer.Write(tail);
        return writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>Generated ids and ordinary header ids are printable ASCII without quotes or backslashes: written as they are.</summary>
    private static bool NeedsEscaping(string id)
    {
        foreach (var c in id)
        {
            if (c is < (char)0x20 or > (char)0x7e or '"' or '\\') return true;
        }
        return false;
    }
}
