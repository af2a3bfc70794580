using GitOpsMl.Data.Features;
using GitOpsMl.Onnx;

namespace GitOpsMl.Training.Export;

/// <summary>
/// Writes an <see cref="InputLayerFold"/> into a graph: raw columns in (the same inputs, names and order as
/// <see cref="FeaturePipelineExporter"/>), the first layer's output [N, outputs] out. Few nodes, because ONNX
/// Runtime's cost per node dominates small models: the numeric steps that are not folded run on their own column
/// only; the dense inputs are joined once (Concat on axis 1) for one Gemm; each categorical column is one lookup
/// to its embedding rows, all looked up with one Gather (from the joint table when it is small enough, see
/// <see cref="InputLayerFold.Joint"/>), which the Gemm adds as its C.
/// </summary>
public static class FoldedInputExporter
{
    /// <summary>Adds one graph input per raw column and returns the name of the first layer's float [N, outputs] output.</summary>
    public static string Append(OnnxGraphBuilder graph, FittedFeaturePipeline pipeline, InputLayerFold fold, FoldedNumericLayout layout = FoldedNumericLayout.PerColumn)
    {
        var inputs = pipeline.Features.Select(f => f switch
        {
            FittedNumericFeature => graph.AddNumericColumn(f.Column),
            FittedCategoricalFeature => graph.AddCategoricalColumn(f.Column),
            _ => throw new NotSupportedException($"feature {f.Column}: {f.GetType().Name} is not folded into the first layer"),
        }).ToList();

        string? embedded = null;
        if (fold.Lookups.Count > 0)
        {
            var rows = fold.Lookups.Select(l => graph.StringLookup(inputs[l.Feature], l.Keys, l.Rows, l.DefaultRow)).ToList();
            var table = graph.AddInitializer("embedding_rows", fold.Table, fold.TableRows, fold.Outputs);
            if (fold.Joint)
            {
                // One row of the joint table per example: the lookups' place-valued rows add up to its index.
                // (Sum takes no int64; up to three columns a chain of Add is no more nodes than Concat and ReduceSum.)
                var row = rows.Count <= 3
                    ? rows.Skip(1).Aggregate(rows[0], (sum, next) => graph.AddNode("Add", [sum, next]))
                    : graph.AddNode("ReduceSum", [graph.AddNode("Concat", rows, OnnxAttribute.Int("axis", 1)), graph.AddInitializer("lookup_axis", [1L], 1)],
                        OnnxAttribute.Int("keepdims", 1));
                embedded = graph.AddNode("Flatten", [graph.AddNode("Gather", [table, row], OnnxAttribute.Int("axis", 0))], OnnxAttribute.Int("axis", 1));
            }
            else
            {
                // Column by column ([c·N, 1]), so the rows to add lie in c contiguous slabs: a sum over axis 0.
                var stacked = rows.Count == 1 ? rows[0] : graph.AddNode("Concat", rows, OnnxAttribute.Int("axis", 0));
                var gathered = graph.AddNode("Gather", [table, stacked], OnnxAttribute.Int("axis", 0));
                var slabs = graph.AddNode("Reshape", [gathered, graph.AddInitializer("slabs_shape", [rows.Count, -1L, fold.Outputs], 3)]);
                embedded = graph.AddNode("ReduceSum", [slabs, graph.AddInitializer("lookup_axis", [0L], 1)], OnnxAttribute.Int("keepdims", 0));
            }
        }
        if (fold.Dense.Count == 0)
        {
            return embedded!;
        }
        var addend = embedded ?? graph.AddInitializer("dense_b", fold.Bias!, fold.Outputs);
        return layout == FoldedNumericLayout.Block ? BlockGemm(graph, inputs, fold, addend) : ColumnGemm(graph, inputs, fold, addend);
    }

    /// <summary>Each dense input computed on its own [N, 1] column; joined on axis 1 into [N, Dense.Count] for the Gemm.</summary>
    private static string ColumnGemm(OnnxGraphBuilder graph, IReadOnlyList<string> inputs, InputLayerFold fold, string addend)
    {
        var missing = new Dictionary<int, string>();
        string Missing(int feature) => missing.TryGetValue(feature, out var m) ? m : missing[feature] = graph.AddNode("IsNaN", [inputs[feature]]);
        var dense = fold.Dense.Select(d => d.Indicator
            ? graph.AddNode("Cast", [Missing(d.Feature)], OnnxAttribute.Int("to", (long)TensorElementType.Float))
            : Value(graph, inputs[d.Feature], d, Missing)).ToList();
        var x = dense.Count == 1 ? dense[0] : graph.AddNode("Concat", dense, OnnxAttribute.Int("axis", 1));
        var weights = graph.AddInitializer("dense_w", fold.DenseWeights, fold.Outputs, dense.Count);
        return graph.AddNode("Gemm", [x, weights, addend], OnnxAttribute.Int("transB", 1));
    }

    /// <summary>
    /// The numeric columns as one [k, N] block through shared stages (identity constants where a column skips one),
    /// then the unfolded shifts as one Sub; with indicators, Cast(IsNaN(raw block)) as k more rows (a column without an
    /// indicator gets zero weights there: 0 × 0 or 1 adds exactly nothing). The Gemm reads the [rows, N] block with
    /// transA, so no Transpose; its weight columns follow the block's rows (<see cref="BlockWeights"/>).
    /// </summary>
    private static string BlockGemm(OnnxGraphBuilder graph, IReadOnlyList<string> inputs, InputLayerFold fold, string addend)
    {
        var values = fold.Dense.Where(d => !d.Indicator).ToList();
        var raw = graph.JoinColumns(values.Select(d => inputs[d.Feature]).ToList());
        string? rawMissing = null;
        string RawMissing() => rawMissing ??= graph.AddNode("IsNaN", [raw]);
        var x = NumericStageOps.Apply(graph, raw, RawMissing, NumericStagePlanner.Plan(values.Select(d => d.Steps).ToList()));
        if (values.Any(d => d.Shift != 0f))
        {
            x = graph.AffineColumns(x, values.Select(d => d.Shift).ToArray(), values.Select(_ => 1f).ToArray());
        }
        var indicators = fold.Dense.Any(d => d.Indicator);
        var block = indicators ? graph.JoinBlocks([x, graph.AddNode("Cast", [RawMissing()], OnnxAttribute.Int("to", (long)TensorElementType.Float))]) : x;
        var rows = indicators ? 2 * values.Count : values.Count;
        var weights = graph.AddInitializer("dense_w", BlockWeights(fold), fold.Outputs, rows);
        return graph.AddNode("Gemm", [block, weights, addend], OnnxAttribute.Int("transA", 1), OnnxAttribute.Int("transB", 1));
    }

    /// <summary>
    /// <see cref="InputLayerFold.DenseWeights"/> rearranged for <see cref="BlockGemm"/>'s rows, [Outputs, rows]: the values
    /// in Dense order, then (when any) one indicator row per value, the feature's indicator weights or zeros.
    /// </summary>
    public static float[] BlockWeights(InputLayerFold fold)
    {
        var values = fold.Dense.Select((d, j) => (d, j)).Where(p => !p.d.Indicator).ToList();
        var indicatorOf = fold.Dense.Select((d, j) => (d, j)).Where(p => p.d.Indicator).ToDictionary(p => p.d.Feature, p => p.j);
        var source = values.Select(p => (int?)p.j).ToList();
        if (indicatorOf.Count > 0)
        {
            source.AddRange(values.Select(p => indicatorOf.TryGetValue(p.d.Feature, out var j) ? j : (int?)null));
        }
        var width = fold.Dense.Count;
        var weights = new float[fold.Outputs * source.Count];
        for (var o = 0; o < fold.Outputs; o++)
        {
            for (var r = 0; r < source.Count; r++)
            {
                weights[o * source.Count + r] = source[r] is { } j ? fold.DenseWeights[o * width + j] : 0f;
            }
        }
        return weights;
    }

    /// <summary>The column's unfolded steps on its own [N,1] input, each exactly as <see cref="FittedNumericFeature"/> computes it.</summary>
    private static string Value(OnnxGraphBuilder graph, string raw, FoldedDenseInput input, Func<int, string> missing)
    {
        var x = raw;
        foreach (var step in input.Steps)
        {
            x = step switch
            {
                ImputeStep impute => graph.AddNode("Where", [x == raw ? missing(input.Feature) : graph.AddNode("IsNaN", [x]), graph.AddMatrixScalar("fill", (float)impute.Fill), x]),
                ClipStep clip => graph.Clip(x, clip.Min is { } lo ? (float)lo : float.NegativeInfinity, clip.Max is { } hi ? (float)hi : float.PositiveInfinity),
                Log1pStep => graph.Log1p(x),
                StandardizeStep z => graph.Standardize(x, (float)z.Mean, (float)z.Std),
                MinMaxStep m => graph.MinMaxScale(x, (float)m.Min, (float)m.Max),
                _ => throw new NotSupportedException($"numeric step {step.GetType().Name} is not folded into the first layer"),
            };
        }
        return input.Shift == 0f ? x : graph.AddNode("Sub", [x, graph.AddMatrixScalar("shift", input.Shift)]);
    }
}
