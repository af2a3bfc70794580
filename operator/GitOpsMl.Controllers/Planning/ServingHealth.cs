namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// Whether a Deployment that served is degraded: fewer replicas ready than it needs for longer than
/// <see cref="DegradedAfter"/> (crash-looping or failing readiness), after it had been served ready
/// before. NotReadySince is remembered in status; it is set when readiness first falls short of what
/// was served, and cleared once enough replicas are ready. A Deployment that never was ready (starting,
/// loading its first version) is not degraded: it is still coming up.
/// </summary>
public static class ServingHealth
{
    /// <summary>Longer than a replica's restart and model load normally take (the first restarts back off 1s, 2s, 4s...).</summary>
    public static readonly TimeSpan DegradedAfter = TimeSpan.FromSeconds(60);

    public static (DateTimeOffset? NotReadySince, bool Degraded) Judge(DateTimeOffset? notReadySince, bool servedReadyBefore, int ready, int needed, DateTimeOffset now)
    {
        if (ready >= needed)
        {
            return (null, false);
        }
        var since = notReadySince ?? (servedReadyBefore ? now : null);
        return (since, since is { } s && now - s >= DegradedAfter);
    }
}
