namespace GitOpsMl.Onnx;

/// <summary>
/// Test reference for the numeric transforms in <see cref="NumericFeatureOps"/>, written with the
/// same float operations in the same order as the ONNX nodes; the tests pin ONNX Runtime's output
/// to them. Production features come from GitOpsMl.Data's fitted steps, which follow the same
/// order (and the end-to-end parity tests in GitOpsMl.Training.Tests prove the two agree).
/// Missing values are NaN. Only NaN counts as missing: ±infinity flows through every transform
/// like a (very large) number, so clip or impute before a transform that cannot take it.
/// </summary>
public static class NumericFeatureMath
{
    /// <summary>(x - mean) / std. NaN stays NaN.</summary>
    public static float Standardize(float x, float mean, float std) => (x - mean) / std;

    /// <summary>The divisor of min-max scaling: max - min, or 1 for a constant column (max == min), which then maps to 0.</summary>
    public static float MinMaxRange(float min, float max) => max > min ? max - min : 1f;

    /// <summary>(x - min) / (max - min); values outside the fitted range land outside [0, 1] (no clamping).</summary>
    public static float MinMaxScale(float x, float min, float max) => (x - min) / MinMaxRange(min, max);

    /// <summary>Log(max(x, 0) + 1): negative inputs (and -infinity) give 0, NaN stays NaN. Not the accurate log1p near 0, deliberately: ONNX computes Log(Add(Relu(x), 1)).</summary>
    public static float Log1p(float x) => float.IsNaN(x) ? x : MathF.Log(MathF.Max(x, 0f) + 1f);

    /// <summary>Clamps into [min, max]; NaN stays NaN (ONNX Runtime's Clip propagates NaN).</summary>
    public static float Clip(float x, float min, float max) => float.IsNaN(x) ? x : Math.Clamp(x, min, max);

    /// <summary>Replaces NaN by <paramref name="fill"/>; everything else (±infinity too) passes unchanged.</summary>
    public static float Impute(float x, float fill) => float.IsNaN(x) ? fill : x;

    /// <summary>1 when x is missing (NaN), else 0.</summary>
    public static float MissingIndicator(float x) => float.IsNaN(x) ? 1f : 0f;

    /// <summary>
    /// Bucket of x for strictly increasing <paramref name="boundaries"/> b0 &lt; ... &lt; b(k-1): the number of
    /// boundaries ≤ x, in [0, k]. So x &lt; b0 → 0, b(i-1) ≤ x &lt; b(i) → i, x ≥ b(k-1) → k (±infinity
    /// land in the first/last bucket). NaN → -1: no bucket, an all-zero one-hot row.
    /// </summary>
    public static int BucketIndex(float x, IReadOnlyList<float> boundaries)
    {
        if (float.IsNaN(x))
        {
            return -1;
        }
        var bucket = 0;
        while (bucket < boundaries.Count && x >= boundaries[bucket])
        {
            bucket++;
        }
        return bucket;
    }

    /// <summary>One-hot row of width boundaries.Count + 1 for <see cref="BucketIndex"/>.</summary>
    public static float[] BucketOneHot(float x, IReadOnlyList<float> boundaries)
    {
        var row = new float[boundaries.Count + 1];
        var bucket = BucketIndex(x, boundaries);
        if (bucket >= 0)
        {
            row[bucket] = 1f;
        }
        return row;
    }
}
