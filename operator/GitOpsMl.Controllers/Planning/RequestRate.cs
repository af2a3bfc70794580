namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// Requests per second over the last <see cref="Window"/>, from counter samples as Prometheus' rate()
/// takes them: per replica, the increases between consecutive samples are summed, and a counter that
/// went down (the replica restarted) counts from 0. A replica seen in one sample only adds nothing yet. After a gap longer than the window, the rate spans the gap.
/// Null until two samples span at least <see cref="MinSpan"/>, so a burst of reconciles milliseconds
/// apart does not divide by almost nothing.
/// </summary>
public static class RequestRate
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MinSpan = TimeSpan.FromSeconds(1);

    /// <summary>The rate with <paramref name="now"/> added, and the samples to pass to the next call.</summary>
    public static (double? PerSecond, IReadOnlyList<RequestCount> History) Next(IReadOnlyList<RequestCount> history, RequestCount now)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(now);
        var earlier = history.Where(h => h.At < now.At).OrderBy(h => h.At).ToList();
        // Within the window; after a longer gap, the last sample before it still gives a rate over that gap.
        var recent = earlier.Where(h => now.At - h.At <= Window).ToList();
        var kept = (recent.Count > 0 ? recent : earlier.TakeLast(1)).Append(now).ToList();
        var span = now.At - kept[0].At;
        if (span < MinSpan)
        {
            return (null, kept);
        }
        long increase = 0;
        for (var i = 1; i < kept.Count; i++)
        {
            foreach (var (replica, count) in kept[i].ByReplica)
            {
                if (kept[i - 1].ByReplica.TryGetValue(replica, out var before))
                {
                    increase += count >= before ? count - before : count;
                }
            }
        }
        return (increase / span.TotalSeconds, kept);
    }
}
