namespace GitOpsMl.Controllers.Runtime;

/// <summary>How one controller runs.</summary>
public sealed record ControllerOptions
{
    /// <summary>Reconciles running at once (different keys; one key is never reconciled twice at once).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Backoff for reconciles that threw.</summary>
    public BackoffPolicy Backoff { get; init; } = new();

    /// <summary>When a Progressing outcome names no delay, look again after this.</summary>
    public TimeSpan ProgressingRequeue { get; init; } = TimeSpan.FromSeconds(5);
}
