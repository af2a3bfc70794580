namespace GitOpsMl.Local.Execution;

/// <summary>
/// How long a crashed replica waits before its restart: first, doubling per consecutive crash, up
/// to max (kubelet's CrashLoopBackOff shape). A replica that ran at least resetAfter before crashing
/// counts as a first crash again.
/// </summary>
public sealed record RestartBackoff(TimeSpan First, TimeSpan Max, TimeSpan ResetAfter)
{
    /// <summary>The crash count after a crash that ended a run of <paramref name="ranFor"/>.</summary>
    public int NextCrashCount(int crashesBefore, TimeSpan ranFor) => ranFor >= ResetAfter ? 1 : crashesBefore + 1;

    /// <summary>The wait before restarting after the <paramref name="consecutiveCrashes"/>-th crash in a row (1-based).</summary>
    public TimeSpan Delay(int consecutiveCrashes)
    {
        if (consecutiveCrashes <= 1) return First < Max ? First : Max;
        var ticks = First.Ticks * Math.Pow(2, Math.Min(consecutiveCrashes - 1, 40));
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}
