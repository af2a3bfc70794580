namespace GitOpsMl.Serving.Batching;

/// <summary>
/// Request timeouts without a timer per request: requests that start within the same slot
/// (granularity) share one token that fires between timeout and timeout + granularity after they
/// started. At tens of thousands of requests per second this replaces as many timers with ~20 a second.
/// </summary>
public sealed class CoarseTimeouts(TimeSpan timeout, TimeProvider time, TimeSpan? granularity = null)
{
    private readonly long _slotTicks = Math.Max(1, (granularity ?? TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 10, 1, 50))).Ticks);
    private readonly object _gate = new();
    private long _slot = long.MinValue;
    private CancellationTokenSource _current = new();

    public TimeSpan Timeout { get; } = timeout;

    public CancellationToken Token()
    {
        var slot = time.GetUtcNow().UtcTicks / _slotTicks;
        var current = Volatile.Read(ref _current);
        if (Volatile.Read(ref _slot) == slot) return current.Token;
        lock (_gate)
        {
            if (_slot != slot)
            {
                var next = new CancellationTokenSource(Timeout + TimeSpan.FromTicks(_slotTicks), time);
                Volatile.Write(ref _current, next);
                Volatile.Write(ref _slot, slot);
            }
            return _current.Token;
        }
    }
}
