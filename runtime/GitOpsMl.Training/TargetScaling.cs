namespace GitOpsMl.Training;

/// <summary>
/// Regression targets are trained standardized, (y - Mean) / Std, so the loss scale and learning rate do not depend
/// on the target's units. Predictions are mapped back with y = z · Std + Mean — by the <see cref="Predictor"/> and,
/// as Mul/Add nodes, by the exported ONNX graph. Stored as float32, the precision both paths compute in, so they
/// de-standardize identically.
/// </summary>
public sealed record TargetScaling(float Mean, float Std)
{
    /// <summary>Mean and population standard deviation of the training targets; a constant target gets Std 1.</summary>
    public static TargetScaling Fit(ReadOnlySpan<float> targets)
    {
        if (targets.Length == 0) throw new ArgumentException("No targets to fit the scaling on.", nameof(targets));
        double sum = 0;
        foreach (var t in targets) sum += t;
        var mean = sum / targets.Length;
        double squares = 0;
        foreach (var t in targets) squares += (t - mean) * (t - mean);
        var std = Math.Sqrt(squares / targets.Length);
        // A zero (or denormal) spread would divide by ~0; with Std 1 the network simply learns the constant.
        var safe = std > 1e-12 && double.IsFinite(std) ? (float)std : 1f;
        return new TargetScaling((float)mean, safe);
    }

    /// <summary>
    /// Weighted mean and standard deviation when <paramref name="weights"/> are given (a row of weight 2 counts twice,
    /// so weighting and duplicating rows scale alike); the unweighted <see cref="Fit(ReadOnlySpan{float})"/> when null.
    /// </summary>
    public static TargetScaling Fit(ReadOnlySpan<float> targets, double[]? weights)
    {
        if (weights is null) return Fit(targets);
        if (weights.Length != targets.Length) throw new ArgumentException($"{weights.Length} weights for {targets.Length} targets.", nameof(weights));
        double total = 0, sum = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            total += weights[i];
            sum += weights[i] * targets[i];
        }
        if (!(total > 0)) throw new ArgumentException("The targets weigh nothing: no scaling can be fitted.", nameof(weights));
        var mean = sum / total;
        double squares = 0;
        for (var i = 0; i < targets.Length; i++) squares += weights[i] * (targets[i] - mean) * (targets[i] - mean);
        var std = Math.Sqrt(squares / total);
        var safe = std > 1e-12 && double.IsFinite(std) ? (float)std : 1f;
        return new TargetScaling((float)mean, safe);
    }

    public float Standardize(float y) => (y - Mean) / Std;

    public float Restore(float z) => z * Std + Mean;
}
