namespace GitOpsMl.Onnx;

/// <summary>
/// Emits the fitted numeric column transforms. Each takes a float [N,1] value and returns the
/// name of its result. Semantics (NaN, infinity, out-of-range) are exactly those of
/// <see cref="NumericFeatureMath"/>.
/// </summary>
public static class NumericFeatureOps
{
    /// <summary>(x - mean) / std → [N,1]. std must be finite and positive (use 1 for a constant column).</summary>
    public static string Standardize(this OnnxGraphBuilder graph, string x, float mean, float std)
    {
        RequireFinite(mean, nameof(mean));
        if (!float.IsFinite(std) || std <= 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, "Standard deviation must be finite and > 0.");
        }
        // Sub then Div (not Mul by 1/std) so ONNX rounds exactly like NumericFeatureMath.Standardize.
        var centered = graph.AddNode("Sub", [x, graph.AddMatrixScalar("mean", mean)]);
        return graph.AddNode("Div", [centered, graph.AddMatrixScalar("std", std)]);
    }

    /// <summary>(x - min) / (max - min) → [N,1]; a constant column (max == min) maps to x - min.</summary>
    public static string MinMaxScale(this OnnxGraphBuilder graph, string x, float min, float max)
    {
        RequireFinite(min, nameof(min));
        RequireFinite(max, nameof(max));
        if (max < min)
        {
            throw new ArgumentException($"min {min} is greater than max {max}.", nameof(max));
        }
        var shifted = graph.AddNode("Sub", [x, graph.AddMatrixScalar("min", min)]);
        return graph.AddNode("Div", [shifted, graph.AddMatrixScalar("range", max > min ? max - min : 1f)]);
    }

    /// <summary>Log(x + 1) → [N,1].</summary>
    public static string Log1p(this OnnxGraphBuilder graph, string x)
    {
        // Floor at 0 first (Relu keeps NaN as NaN), so negative or -inf inputs stay finite: log(1 + max(x, 0)).
        var floored = graph.AddNode("Relu", [x]);
        var shifted = graph.AddNode("Add", [floored, graph.AddMatrixScalar("one", 1f)]);
        return graph.AddNode("Log", [shifted]);
    }

    /// <summary>Clip(x, min, max) → [N,1]; NaN passes through as NaN.</summary>
    public static string Clip(this OnnxGraphBuilder graph, string x, float min, float max)
    {
        if (float.IsNaN(min) || float.IsNaN(max) || min > max)
        {
            throw new ArgumentException($"Clip needs min ≤ max, got [{min}, {max}].");
        }
        // Since opset 11 the bounds are rank-0 tensor inputs, not attributes.
        return graph.AddNode("Clip", [x, graph.AddScalar("clip_min", min), graph.AddScalar("clip_max", max)]);
    }

    /// <summary>Where(IsNaN(x), fill, x) → [N,1].</summary>
    public static string Impute(this OnnxGraphBuilder graph, string x, float fill)
    {
        RequireFinite(fill, nameof(fill));
        var missing = graph.AddNode("IsNaN", [x]);
        return graph.AddNode("Where", [missing, graph.AddMatrixScalar("fill", fill), x]);
    }

    /// <summary>Cast(IsNaN(x)) → float [N,1], 1 where missing. Read it from the raw column, before imputation.</summary>
    public static string MissingIndicator(this OnnxGraphBuilder graph, string x)
    {
        var missing = graph.AddNode("IsNaN", [x]);
        return graph.AddNode("Cast", [missing], OnnxAttribute.Int("to", (long)TensorElementType.Float));
    }

    /// <summary>
    /// One-hot bucket membership → float [N, k+1] for k strictly increasing finite boundaries
    /// (see <see cref="NumericFeatureMath.BucketIndex"/>). NaN gives an all-zero row.
    /// </summary>
    public static string BucketizeOneHot(this OnnxGraphBuilder graph, string x, IReadOnlyList<float> boundaries)
    {
        RequireIncreasing(boundaries);
        var k = boundaries.Count;
        // Bucket j is [lower_j, upper_j): lower = [-inf, b...], upper = [b..., NaN].
        // The NaN sentinel makes "x >= upper" false for the last bucket, so +infinity stays in it,
        // and every comparison against a NaN x is false, which yields the all-zero row.
        var lower = new float[k + 1];
        var upper = new float[k + 1];
        lower[0] = float.NegativeInfinity;
        upper[k] = float.NaN;
        for (var i = 0; i < k; i++)
        {
            lower[i + 1] = boundaries[i];
            upper[i] = boundaries[i];
        }
        var aboveLower = graph.AddNode("GreaterOrEqual", [x, graph.AddInitializer("bucket_lower", lower, 1, k + 1)]);
        var aboveUpper = graph.AddNode("GreaterOrEqual", [x, graph.AddInitializer("bucket_upper", upper, 1, k + 1)]);
        var inside = graph.AddNode("And", [aboveLower, graph.AddNode("Not", [aboveUpper])]);
        return graph.AddNode("Cast", [inside], OnnxAttribute.Int("to", (long)TensorElementType.Float));
    }

    private static void RequireFinite(float value, string name)
    {
        if (!float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Fitted parameters must be finite.");
        }
    }

    internal static void RequireIncreasing(IReadOnlyList<float> boundaries)
    {
        if (boundaries.Count == 0)
        {
            throw new ArgumentException("At least one bucket boundary is required.", nameof(boundaries));
        }
        for (var i = 0; i < boundaries.Count; i++)
        {
            RequireFinite(boundaries[i], nameof(boundaries));
            if (i > 0 && !(boundaries[i] > boundaries[i - 1]))
            {
                throw new ArgumentException("Bucket boundaries must be strictly increasing.", nameof(boundaries));
            }
        }
    }
}
