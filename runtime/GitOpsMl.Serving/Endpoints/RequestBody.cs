using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>
/// A request body read into a chain of pooled 64 KiB segments, refusing to read past the size
/// limit: a declared Content-Length over the limit is refused before reading, a chunked body as
/// soon as it crosses the limit. Segments are never grown or copied into one array — a large body
/// costs its own size once, in blocks the pool can give back — and the parsers read the chain as a
/// <see cref="ReadOnlySequence{T}"/>. Dispose returns the segments.
/// </summary>
public sealed class RequestBody : IDisposable
{
    public const int SegmentSize = 64 * 1024;

    private List<byte[]>? _segments;

    private RequestBody(List<byte[]> segments, long length)
    {
        _segments = segments;
        Length = length;
        Sequence = Chain(segments, length);
    }

    public long Length { get; }

    public ReadOnlySequence<byte> Sequence { get; }

    /// <summary>The body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async ValueTask<RequestBody?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var declared = request.ContentLength;
        if (declared > limit) return null;
        var segments = new List<byte[]>();
        long length = 0;
        var first = declared is > 0 and < SegmentSize ? (int)declared.Value + 1 : SegmentSize;
        var current = ArrayPool<byte>.Shared.Rent(first);
        segments.Add(current);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == current.Length)
                {
                    current = ArrayPool<byte>.Shared.Rent(SegmentSize);
                    segments.Add(current);
                    filled = 0;
                }
                var read = await request.Body.ReadAsync(current.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                filled += read;
                length += read;
                if (length > limit) break;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (a chunked body that crossed it in one read): the same JSON 413 as ours, not an unhandled error.
            Return(segments);
            return null;
        }
        catch
        {
            Return(segments);
            throw;
        }
        if (length > limit)
        {
            Return(segments);
            return null;
        }
        return new RequestBody(segments, length);
    }

    private static ReadOnlySequence<byte> Chain(List<byte[]> segments, long length)
    {
        if (segments.Count == 1) return new ReadOnlySequence<byte>(segments[0], 0, (int)length);
        Segment? head = null, tail = null;
        var left = length;
        foreach (var s in segments)
        {
            var take = (int)Math.Min(left, s.Length);
            if (take == 0) break;
            var next = new Segment(s.AsMemory(0, take), tail is null ? 0 : tail.RunningIndex + tail.Memory.Length);
            if (tail is null) head = next;
            else tail.Next = next;
            tail = next;
            left -= take;
        }
        return head is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(head, 0, tail!, tail!.Memory.Length);
    }

    private static void Return(List<byte[]> segments)
    {
        foreach (var s in segments) ArrayPool<byte>.Shared.Return(s);
        segments.Clear();
    }

    public void Dispose()
    {
        if (_segments is { } s)
        {
            _segments = null;
            Return(s);
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new Segment? Next
        {
            get => (Segment?)base.Next;
            set => base.Next = value;
        }
    }
}
