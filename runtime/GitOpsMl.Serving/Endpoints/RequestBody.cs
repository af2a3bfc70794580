using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>
/// A request body read whole into a pooled buffer, refusing to read past the size limit: a
/// declared Content-Length over the limit is refused before reading, a chunked body as soon as
/// it crosses the limit. Dispose returns the buffer.
/// </summary>
public sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async ValueTask<RequestBody?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var declared = request.ContentLength;
        if (declared > limit) return null;
        var cap = (int)Math.Min(limit + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)declared.Value + 1 : Math.Min(cap, 4096));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= cap) break;
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, cap) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > limit) break;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (a chunked body that crossed it in one read): the same JSON 413 as ours, not an unhandled error.
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        if (length > limit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }
        return new RequestBody(buffer, length);
    }

    public void Dispose()
    {
        if (_buffer is { } b)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}
