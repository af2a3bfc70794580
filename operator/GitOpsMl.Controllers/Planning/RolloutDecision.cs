namespace GitOpsMl.Controllers.Planning;

/// <summary>What the rollout does now; the apply step turns it into routing and replicas, the status writer into an event.</summary>
public abstract record RolloutDecision
{
    private RolloutDecision() { }

    /// <summary>All traffic on stable (or nothing to serve yet when stable is null); nothing to roll out.</summary>
    public sealed record ServeStable(string? Version) : RolloutDecision;

    /// <summary>Serve the version as stable at once: the first version, or no canary in the spec.</summary>
    public sealed record Replace(string Version) : RolloutDecision;

    /// <summary>Load the canary beside stable and send it the first step's weight.</summary>
    public sealed record StartCanary(string Version, int Weight) : RolloutDecision;

    /// <summary>Analysis passed and the pause is over: move to step <paramref name="Step"/> (0-based).</summary>
    public sealed record SetWeight(int Step, int Weight) : RolloutDecision;

    /// <summary>The step's pause runs until <paramref name="Until"/>; requeue then.</summary>
    public sealed record WaitPause(DateTimeOffset Until) : RolloutDecision;

    /// <summary>The pause is over but the canary has seen too few requests to judge; requeue soon.</summary>
    public sealed record WaitForData(long Requests, long Needed) : RolloutDecision;

    /// <summary>Every step passed: the canary becomes stable.</summary>
    public sealed record Promote(string Version) : RolloutDecision;

    /// <summary>Analysis failed: all traffic back to stable, phase RolledBack with the reason.</summary>
    public sealed record Abort(string Version, string Reason) : RolloutDecision;
}
