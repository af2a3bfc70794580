namespace GitOpsMl.Serving.Statistics;

/// <summary>
/// A window of fixed length made of <c>buckets</c> sub-windows in a ring. Time is cut into epochs
/// of Window/Buckets; the bucket for "now" is cleared when it last held an older epoch. A snapshot
/// sums the buckets of the last <c>buckets</c> epochs, so the window covers between
/// (buckets-1)/buckets and 1 times its length, ending now. Not thread-safe: callers lock.
/// </summary>
public sealed class SlidingWindow
{
    private readonly WindowBucket[] _ring;
    private readonly long _epochTicks;

    public SlidingWindow(TimeSpan length, int buckets, int countSlots, int momentSlots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        _epochTicks = Math.Max(1, length.Ticks / buckets);
        _ring = Enumerable.Range(0, buckets).Select(_ => new WindowBucket(countSlots, momentSlots)).ToArray();
    }

    public TimeSpan BucketLength => TimeSpan.FromTicks(_epochTicks);

    public WindowBucket Current(DateTimeOffset now)
    {
        var epoch = now.UtcTicks / _epochTicks;
        var bucket = _ring[(int)(epoch % _ring.Length)];
        if (bucket.Epoch != epoch) bucket.Reset(epoch);
        return bucket;
    }

    /// <summary>Sums the live buckets into <paramref name="counts"/>/<paramref name="moments"/>; returns the window start.</summary>
    public DateTimeOffset Sum(DateTimeOffset now, long[] counts, double[] moments)
    {
        var epoch = now.UtcTicks / _epochTicks;
        var oldest = epoch - _ring.Length + 1;
        foreach (var bucket in _ring)
        {
            if (bucket.Epoch < oldest || bucket.Epoch > epoch) continue;
            for (var i = 0; i < counts.Length; i++) counts[i] += bucket.Counts[i];
            for (var i = 0; i < moments.Length; i++) moments[i] += bucket.Moments[i];
        }
        return new DateTimeOffset(Math.Max(0, oldest) * _epochTicks, TimeSpan.Zero);
    }
}
