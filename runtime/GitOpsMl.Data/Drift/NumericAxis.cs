namespace GitOpsMl.Data.Drift;

/// <summary>
/// Where the bins of a numeric feature lie, for the one method that needs distances (Wasserstein).
/// Inner edges e1 &lt; … &lt; ek (profile.json's), bins (-inf,e1), [e1,e2), …, [ek,+inf). The open outer
/// bins are closed at <paramref name="Lower"/> and <paramref name="Upper"/> (the training minimum and
/// maximum), and a distance is divided by <paramref name="Scale"/> (the training standard deviation) so
/// one threshold fits features of any unit.
/// </summary>
public sealed record NumericAxis(IReadOnlyList<double> Edges, double Lower, double Upper, double Scale)
{
    /// <summary>
    /// The axis of a profiled column: Lower = min(Min, e1), Upper = max(Max, ek) (the edges when the
    /// profile has no finite Min/Max); Scale = Std when positive, else Upper - Lower when positive,
    /// else 1 (raw units: a constant reference column has nothing better to divide by).
    /// </summary>
    public static NumericAxis FromProfile(IReadOnlyList<double> edges, double? min, double? max, double? std)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count == 0)
        {
            return new NumericAxis(edges, 0, 0, 1);
        }
        var lower = min is { } lo && double.IsFinite(lo) ? Math.Min(lo, edges[0]) : edges[0];
        var upper = max is { } hi && double.IsFinite(hi) ? Math.Max(hi, edges[^1]) : edges[^1];
        var scale = std is { } s && double.IsFinite(s) && s > 0 ? s : upper - lower > 0 ? upper - lower : 1;
        return new NumericAxis(edges, lower, upper, scale);
    }
}
