namespace GitOpsMl.Serving.Batching;

/// <summary>
/// When a queued request is shed instead of run: CoDel's idea as Facebook's "fail fast" queues
/// apply it. Outside overload a queue absorbs bursts, and its requests may wait (the request
/// timeout still applies); while the model is overloaded, a request that already waited longer than
/// the target is shed with 429 rather than served late, so an admitted request's queue wait is
/// bounded by construction, not only on average (the admission bound, <see cref="AdmissionBound"/>,
/// sizes the queue for the average). Overloaded means either signal within the last
/// <see cref="Interval"/>: the model shed a request because it was full (its admission or queue
/// bound reached), or the queue has not been empty for a whole interval (CoDel's standing queue).
/// The first catches what the second misses on a busy machine: a batch thread that loses its core
/// for a few milliseconds comes back to a queue that emptied just before, full of late requests.
/// </summary>
public static class QueueTimeout
{
    /// <summary>CoDel's interval: how recent an overload signal must be to count.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static bool Sheds(TimeSpan? target, TimeSpan waited, TimeSpan sinceQueueLastEmpty, TimeSpan sinceModelShed) =>
        target is { } t && t > TimeSpan.Zero && waited > t && Overloaded(sinceQueueLastEmpty, sinceModelShed);

    public static bool Overloaded(TimeSpan sinceQueueLastEmpty, TimeSpan sinceModelShed) => sinceQueueLastEmpty > Interval || sinceModelShed < Interval;

    /// <summary>
    /// How long a batch's first request may wait (queue and batch-mates together) before the batch goes:
    /// maxDelay, but while overloaded no longer than the target either: requests keep arriving
    /// then, and waiting for batch-mates would only spend the wait the target bounds.
    /// </summary>
    public static TimeSpan BatchDelay(TimeSpan maxDelay, TimeSpan? target, bool overloaded) =>
        overloaded && target is { } t && t > TimeSpan.Zero && t < maxDelay ? t : maxDelay;
}
