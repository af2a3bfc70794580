namespace GitOpsMl.Serving.Endpoints;

/// <summary>
/// Gives memory back after large requests. A request of many megabytes leaves its columns, outputs
/// and response as large-object-heap garbage that the GC keeps committed until the next full
/// collection, and ONNX Runtime's tensors as freed native memory that malloc keeps; a pod would
/// stay at its peak. After a body over <see cref="ThresholdBytes"/>, one aggressive full collection
/// and a native heap trim return both to the operating system — at most once per
/// <see cref="MinInterval"/>, and always once after the last large request (a request that comes
/// too soon after a collection gets a later one rather than none).
/// </summary>
public sealed class LargeRequestMemory(TimeProvider time)
{
    public const long ThresholdBytes = 8L << 20;
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private long _last = long.MinValue;
    private int _scheduled;

    /// <summary>Called when a request has been answered; true when it scheduled a collection.</summary>
    public bool RequestDone(long bodyBytes)
    {
        if (bodyBytes < ThresholdBytes) return false;
        // One collection at a time covers every large request that finished before it starts.
        if (Interlocked.Exchange(ref _scheduled, 1) == 1) return false;
        var last = Interlocked.Read(ref _last);
        var wait = last == long.MinValue ? TimeSpan.Zero : MinInterval - time.GetElapsedTime(last);
        _ = Task.Run(() => CollectAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero));
        return true;
    }

    private async Task CollectAsync(TimeSpan wait)
    {
        await Task.Delay(wait, time).ConfigureAwait(false);
        // Cleared first: a large request that finishes during the collection schedules the next one.
        Volatile.Write(ref _scheduled, 0);
        Interlocked.Exchange(ref _last, time.GetTimestamp());
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
    }
}
