using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Protocol;
using Microsoft.AspNetCore.Http;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>Writes JSON bodies with a Content-Length, the request id and (when known) the answering version.</summary>
public static class JsonResponses
{
    public const string ContentType = "application/json";

    /// <summary>Copies <paramref name="body"/> into the response synchronously (so the buffer may be reused at once) and flushes.</summary>
    public static async Task WriteAsync(HttpContext context, int status, ArrayBufferWriter<byte> body, string? requestId, string? version)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = body.WrittenCount;
        if (requestId is not null) response.Headers[RequestIds.Header] = requestId;
        if (version is not null) response.Headers[RequestIds.VersionHeader] = version;
        var writer = response.BodyWriter;
        writer.Write(body.WrittenSpan);
        body.ResetWrittenCount();
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>The JSON error; its "id" is the client's body id when given (the protocol echoes it), else the request id.</summary>
    public static Task WriteErrorAsync(HttpContext context, RequestError error, string? requestId, string? version, string? bodyId = null)
    {
        var body = new ArrayBufferWriter<byte>(256);
        // Relaxed escaping: messages quote input names ('plan'), which the default encoder writes as \u0027.
        using (var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, new ErrorResponse(error.Error, error.Input, error.Expected, bodyId ?? requestId, version), ApiJson.Options);
        }
        if (error.Status is 429 or 503) context.Response.Headers.RetryAfter = "1";
        return WriteAsync(context, error.Status, body, requestId, version);
    }
}
