namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// Replicas between min and max from the load per replica against autoscaling.target, shaped like the
/// HorizontalPodAutoscaler's algorithm and behavior:
/// <list type="bullet">
/// <item>recommended = ceil(load / target), clamped to [min, max]; no change while load per current
/// replica is within <see cref="Tolerance"/> of the target (the HPA's 10%), so noise does not resize.</item>
/// <item>scaling down takes the largest recommendation of the last <see cref="ScaleDownWindow"/> (5 minutes,
/// the HPA's default), so a short lull does not drop replicas that the next burst needs back;</item>
/// <item>scaling up takes the smallest of the last <see cref="ScaleUpWindow"/> (0: at once, as the HPA).</item>
/// </list>
/// Without autoscaling the Deployment runs min replicas; while the load is not measured yet, replicas stay.
/// </summary>
public static class ReplicaAutoscaler
{
    public const double Tolerance = 0.1;
    public static readonly TimeSpan ScaleDownWindow = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan ScaleUpWindow = TimeSpan.Zero;

    public static ScalePlan Plan(ScaleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var min = input.Replicas?.Min ?? 1;
        var max = Math.Max(min, input.Replicas?.Max ?? 1);
        if (input.Autoscaling is not { Target: > 0 } autoscaling)
        {
            return new ScalePlan(min, min, []);
        }
        var current = input.Current;
        if (input.Load is not { } measured)
        {
            var kept = Math.Clamp(current, min, max);
            return new ScalePlan(kept, kept, input.History);
        }
        var load = Math.Max(0, measured);
        var raw = current > 0 && Math.Abs(load / (current * autoscaling.Target) - 1) <= Tolerance
            ? current
            : (int)Math.Min(int.MaxValue, Math.Ceiling(load / autoscaling.Target - 1e-9));
        var recommended = Math.Clamp(raw, min, max);

        var keep = ScaleDownWindow > ScaleUpWindow ? ScaleDownWindow : ScaleUpWindow;
        var history = input.History.Where(h => input.Now - h.At < keep).Append(new ScaleRecommendation(input.Now, recommended)).ToList();
        var replicas = Math.Clamp(current, min, max);
        if (recommended < replicas)
        {
            replicas = Math.Min(replicas, history.Where(h => input.Now - h.At <= ScaleDownWindow).Max(h => h.Replicas));
        }
        else if (recommended > replicas)
        {
            replicas = Math.Max(replicas, history.Where(h => input.Now - h.At <= ScaleUpWindow).Min(h => h.Replicas));
        }
        return new ScalePlan(replicas, recommended, history);
    }
}
