using System.Buffers;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>A per-thread response buffer: filled and copied into the response synchronously, so one per thread suffices.</summary>
public static class ResponseBuffer
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    public static ArrayBufferWriter<byte> Rent()
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        if (buffer.Capacity > 1 << 20) _buffer = buffer = new ArrayBufferWriter<byte>(4096);
        return buffer;
    }

    /// <summary>After the response was copied out: a buffer grown past 1 MiB by a large answer is dropped, not kept for the thread's next request.</summary>
    public static void Release(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > 1 << 20 && ReferenceEquals(_buffer, buffer)) _buffer = null;
    }
}
