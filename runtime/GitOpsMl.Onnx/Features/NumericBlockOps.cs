namespace GitOpsMl.Onnx;

/// <summary>
/// Numeric transforms over a block of k columns at once, with per-column constants as vectors, so
/// a model with many numeric columns runs a handful of nodes instead of a chain per column (ONNX
/// Runtime's cost per node dominates on small batches). A block holds one column per ROW, float
/// [k, N] (see <see cref="ColumnBlockOps"/>): each column's values are contiguous, so broadcasting a
/// [k, 1] constant and gathering or joining columns move whole rows, not single elements. Each op
/// has an identity constant for columns it must leave alone, and computes exactly what the
/// one-column op in <see cref="NumericFeatureOps"/> computes for the columns it changes.
/// </summary>
public static class NumericBlockOps
{
    /// <summary>The fill that leaves a column of <see cref="ImputeColumns"/> unchanged (a missing value stays NaN).</summary>
    public const float KeepMissing = float.NaN;

    /// <summary>
    /// Where(<paramref name="missing"/>, fills, x) → [k, N]: a NaN in column j becomes fills[j];
    /// fills[j] = <see cref="KeepMissing"/> leaves the column unchanged. <paramref name="missing"/> is
    /// IsNaN(x) (pass one already computed to share it).
    /// </summary>
    public static string ImputeColumns(this OnnxGraphBuilder graph, string x, string missing, IReadOnlyList<float> fills)
    {
        foreach (var fill in fills)
        {
            if (float.IsInfinity(fill))
            {
                throw new ArgumentOutOfRangeException(nameof(fills), fill, "An impute fill must be finite (or NaN for a column without imputation).");
            }
        }
        return graph.AddNode("Where", [missing, graph.AddInitializer("fills", fills, fills.Count, 1), x]);
    }

    /// <summary>
    /// (x - offsets) / divisors → [k, N], Sub then Div (standardize and min-max scaling are both this
    /// form). Offset 0 and divisor 1 leave a column exactly unchanged, NaN and infinities included.
    /// </summary>
    public static string AffineColumns(this OnnxGraphBuilder graph, string x, IReadOnlyList<float> offsets, IReadOnlyList<float> divisors)
    {
        RequireSameCount(offsets.Count, divisors.Count);
        for (var i = 0; i < offsets.Count; i++)
        {
            if (!float.IsFinite(offsets[i]) || !float.IsFinite(divisors[i]) || divisors[i] <= 0f)
            {
                throw new ArgumentOutOfRangeException(nameof(divisors), $"Column {i}: offset {offsets[i]} and divisor {divisors[i]} must be finite and the divisor > 0.");
            }
        }
        var shifted = graph.AddNode("Sub", [x, graph.AddInitializer("offsets", offsets, offsets.Count, 1)]);
        return graph.AddNode("Div", [shifted, graph.AddInitializer("divisors", divisors, divisors.Count, 1)]);
    }

    /// <summary>
    /// Clamps column j to [min[j], max[j]] → [k, N]; ±infinity as a bound leaves that side alone and
    /// NaN stays NaN (ONNX Runtime's Max and Min propagate NaN; see its assumption test). A side no
    /// column bounds costs no node.
    /// </summary>
    public static string ClipColumns(this OnnxGraphBuilder graph, string x, IReadOnlyList<float> min, IReadOnlyList<float> max)
    {
        RequireSameCount(min.Count, max.Count);
        for (var i = 0; i < min.Count; i++)
        {
            if (float.IsNaN(min[i]) || float.IsNaN(max[i]) || min[i] > max[i] || float.IsPositiveInfinity(min[i]) || float.IsNegativeInfinity(max[i]))
            {
                throw new ArgumentException($"Column {i}: clip needs min ≤ max, got [{min[i]}, {max[i]}].");
            }
        }
        if (min.Any(float.IsFinite))
        {
            x = graph.AddNode("Max", [x, graph.AddInitializer("clip_min", min, min.Count, 1)]);
        }
        if (max.Any(float.IsFinite))
        {
            x = graph.AddNode("Min", [x, graph.AddInitializer("clip_max", max, max.Count, 1)]);
        }
        return x;
    }

    /// <summary>
    /// Log(Max(x, 0) + 1) in the columns where <paramref name="apply"/> is true, the others unchanged → [k, N].
    /// When every column takes it, no selection node is added.
    /// </summary>
    public static string Log1pColumns(this OnnxGraphBuilder graph, string x, IReadOnlyList<bool> apply)
    {
        if (!apply.Any(a => a))
        {
            throw new ArgumentException("Log1p must apply to at least one column.", nameof(apply));
        }
        var logged = graph.Log1p(x);
        if (apply.All(a => a))
        {
            return logged;
        }
        var mask = graph.AddInitializer("log1p_columns", apply.Select(a => a ? 1L : 0L).ToArray(), apply.Count, 1);
        var selected = graph.AddNode("Cast", [mask], OnnxAttribute.Int("to", (long)TensorElementType.Bool));
        return graph.AddNode("Where", [selected, logged, x]);
    }

    /// <summary>
    /// Bucket one-hots of several columns, one bucket per row → float [Σ(kᵢ+1), N], each exactly as
    /// <see cref="NumericFeatureOps.BucketizeOneHot"/> computes it: the columns are gathered once,
    /// one row per bucket, and compared against all the buckets' bounds at once.
    /// </summary>
    public static string BucketizeColumns(this OnnxGraphBuilder graph, string x, IReadOnlyList<(int Column, IReadOnlyList<float> Boundaries)> columns)
    {
        if (columns.Count == 0)
        {
            throw new ArgumentException("At least one column to bucketize is required.", nameof(columns));
        }
        var source = new List<long>();
        var lower = new List<float>();
        var upper = new List<float>();
        foreach (var (column, boundaries) in columns)
        {
            NumericFeatureOps.RequireIncreasing(boundaries);
            // Bucket j is [lower_j, upper_j): lower = [-inf, b...], upper = [b..., NaN]; see BucketizeOneHot.
            for (var j = 0; j <= boundaries.Count; j++)
            {
                source.Add(column);
                lower.Add(j == 0 ? float.NegativeInfinity : boundaries[j - 1]);
                upper.Add(j == boundaries.Count ? float.NaN : boundaries[j]);
            }
        }
        var repeated = graph.SelectRows(x, source);
        var aboveLower = graph.AddNode("GreaterOrEqual", [repeated, graph.AddInitializer("bucket_lower", lower, lower.Count, 1)]);
        var aboveUpper = graph.AddNode("GreaterOrEqual", [repeated, graph.AddInitializer("bucket_upper", upper, upper.Count, 1)]);
        var inside = graph.AddNode("And", [aboveLower, graph.AddNode("Not", [aboveUpper])]);
        return graph.AddNode("Cast", [inside], OnnxAttribute.Int("to", (long)TensorElementType.Float));
    }

    private static void RequireSameCount(int a, int b)
    {
        if (a != b || a == 0)
        {
            throw new ArgumentException($"Per-column constants must be non-empty and of one length, got {a} and {b}.");
        }
    }
}
