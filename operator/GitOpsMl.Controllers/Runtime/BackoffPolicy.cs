namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// Exponential backoff with jitter for transient reconcile errors (client-go's
/// ItemExponentialFailureRateLimiter plus jitter so that objects failing together do not retry together):
/// delay = min(Max, Base · 2^(failures−1)) · (1 + Jitter · r), r ∈ [0, 1).
/// </summary>
public sealed record BackoffPolicy
{
    public TimeSpan Base { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan Max { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Fraction of the delay added at random (0.2: up to 20% later).</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>The delay before retry number <paramref name="failures"/> (1 for the first failure), given a uniform <paramref name="random01"/>.</summary>
    public TimeSpan Delay(int failures, double random01)
    {
        if (failures < 1) failures = 1;
        var exponent = Math.Min(failures - 1, 40);
        var ms = Math.Min(Max.TotalMilliseconds, Base.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ms * (1 + Jitter * Math.Clamp(random01, 0, 1)));
    }
}
