using GitOpsMl.Data.Features;

namespace GitOpsMl.Training.Export;

/// <summary>
/// The feature transforms folded into the network's first dense layer, y = W·x + b, so the served graph never
/// builds the [N, width] feature matrix. Pure arithmetic on the fitted constants and the layer's weights:
/// <list type="bullet">
/// <item>A numeric column's trailing affine step z = (v - o) / d becomes weights W[:, j] / d on the value v and
/// −W[:, j]·o / d in the bias (W' = W·diag(1/d), b' = b − W·(o/d)). Its other steps (impute, clip, log1p) stay in the
/// graph, on that column only. When |o / d| exceeds <see cref="MaxFoldedShift"/>, v − o stays in the graph as one Sub
/// (the same float32 operation as the C# step): folding it would cancel large terms in float32 (v·W/d − o·W/d with
/// both about |o/d|·|W|), where the C# path subtracts first and loses nothing.</item>
/// <item>A missing indicator is a dense input with its weight column as is.</item>
/// <item>A one-hot (or hash bucket) block followed by the layer is an embedding lookup: each categorical value
/// selects the weight column of its slot, so the graph looks rows up in a table of those columns and adds them,
/// instead of building the one-hot and multiplying. An unknown value selects the "other" slot's row or an all-zero
/// row, exactly as the encoding would; a categorical missing indicator is folded into the row of "".</item>
/// <item>The bias goes into the table (see <paramref name="Joint"/>) or, without categoricals, stays the layer's
/// bias.</item>
/// </list>
/// The reorder into the network's input order disappears with it: weights are picked by output position.
/// </summary>
/// <param name="Dense">The dense inputs, in the order of the weight matrix's columns.</param>
/// <param name="DenseWeights">[Outputs, Dense.Count] row-major, as torch.nn.Linear stores its weight.</param>
/// <param name="Bias">[Outputs] when there are no lookups; null when the bias is in <see cref="Table"/>.</param>
/// <param name="Table">[TableRows, Outputs] row-major: the embedding rows the lookups index.</param>
/// <param name="Joint">True when <see cref="Table"/> is the joint table (see <see cref="MaxJointTableFloats"/>): a row
/// is the sum of the lookups' <see cref="FoldedLookup.Rows"/>, each already scaled by its place value, and holds the
/// sum of their embedding rows and the bias. False: the lookups index separate blocks whose rows are summed, and the
/// bias is in the first lookup's block.</param>
public sealed record InputLayerFold(
    IReadOnlyList<FoldedDenseInput> Dense,
    float[] DenseWeights,
    float[]? Bias,
    IReadOnlyList<FoldedLookup> Lookups,
    float[] Table,
    int TableRows,
    int Outputs,
    bool Joint)
{
    /// <summary>
    /// Largest joint table (rows × outputs floats) built: up to it, the lookups' rows are the mixed-radix digits of
    /// one row of a table holding every combination's sum, so the graph adds the lookups' integer rows (one Sum) and
    /// gathers once, with no sum over gathered rows (ONNX Runtime's ReduceSum over those is slow at batch 256).
    /// </summary>
    public const int MaxJointTableFloats = 1 << 20;

    /// <summary>Largest |offset / divisor| folded into the bias; see the remarks on cancellation.</summary>
    public const double MaxFoldedShift = 8;

    /// <summary>Whether every feature of <paramref name="pipeline"/> can be folded (no bucketize, no timestamp column).</summary>
    public static bool Supports(FittedFeaturePipeline pipeline) =>
        pipeline.Features.All(f => f switch
        {
            FittedNumericFeature n => !n.Steps.Any(s => s is BucketizeStep),
            FittedCategoricalFeature => true,
            _ => false,
        });

    /// <param name="weight">The first layer's weight, [outputs, pipeline.Width] row-major.</param>
    /// <param name="bias">Its bias, [outputs], or null.</param>
    /// <param name="maxJointTableFloats">The largest joint table to build (<see cref="MaxJointTableFloats"/>; 0 never builds one).</param>
    public static InputLayerFold Plan(FittedFeaturePipeline pipeline, IReadOnlyList<float> weight, IReadOnlyList<float>? bias, int outputs,
        int maxJointTableFloats = MaxJointTableFloats)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (!Supports(pipeline))
        {
            throw new ArgumentException("The pipeline has a bucketized or timestamp feature, which is not folded.", nameof(pipeline));
        }
        var width = pipeline.Width;
        if (outputs < 1 || weight.Count != outputs * width || (bias is not null && bias.Count != outputs))
        {
            throw new ArgumentException($"The layer must be [{outputs}, {width}] with {outputs} biases; got {weight.Count} weights and {bias?.Count} biases.");
        }
        double W(int o, int input) => weight[o * width + input];

        var shifted = new double[outputs];
        for (var o = 0; o < outputs; o++)
        {
            shifted[o] = bias is null ? 0 : bias[o];
        }
        var dense = new List<FoldedDenseInput>();
        var columns = new List<double[]>();
        var lookups = new List<FoldedLookup>();
        var blocks = new List<List<double[]>>();
        var offset = 0;
        for (var f = 0; f < pipeline.Features.Count; f++)
        {
            switch (pipeline.Features[f])
            {
                case FittedNumericFeature numeric:
                {
                    var (steps, shift, divisor) = SplitTrailingAffine(numeric.Steps);
                    var folded = Math.Abs(shift / divisor) <= MaxFoldedShift;
                    var column = new double[outputs];
                    for (var o = 0; o < outputs; o++)
                    {
                        column[o] = W(o, offset) / divisor;
                        if (folded)
                        {
                            shifted[o] -= W(o, offset) * shift / divisor;
                        }
                    }
                    dense.Add(new FoldedDenseInput(f, Indicator: false, steps, folded ? 0f : shift));
                    columns.Add(column);
                    if (numeric.HasMissingIndicator)
                    {
                        dense.Add(new FoldedDenseInput(f, Indicator: true, [], 0f));
                        columns.Add(Enumerable.Range(0, outputs).Select(o => W(o, offset + numeric.Width - 1)).ToArray());
                    }
                    break;
                }
                case FittedCategoricalFeature categorical:
                    var block = new List<double[]>();
                    lookups.Add(Lookup(f, categorical, block, outputs, slot => Enumerable.Range(0, outputs).Select(o => W(o, offset + slot)).ToArray()));
                    blocks.Add(block);
                    break;
            }
            offset += pipeline.Features[f].Width;
        }

        var joint = lookups.Count > 0 && JointRows(blocks) * outputs <= maxJointTableFloats;
        var table = lookups.Count == 0 ? [] : joint ? JointTable(lookups, blocks, shifted) : SeparateTable(lookups, blocks, shifted);
        var denseWeights = new float[outputs * dense.Count];
        for (var o = 0; o < outputs; o++)
        {
            for (var j = 0; j < dense.Count; j++)
            {
                denseWeights[o * dense.Count + j] = (float)columns[j][o];
            }
        }
        return new InputLayerFold(
            dense, denseWeights, lookups.Count > 0 ? null : shifted.Select(v => (float)v).ToArray(),
            joint ? Scaled(lookups, blocks) : Offset(lookups, blocks), table.SelectMany(r => r.Select(v => (float)v)).ToArray(), table.Count, outputs, joint);
    }

    private static long JointRows(IReadOnlyList<List<double[]>> blocks) =>
        blocks.Aggregate(1L, (product, block) => product > MaxJointTableFloats ? product : product * block.Count);

    /// <summary>Every combination of one row per block, in mixed radix (the last lookup varies fastest), summed with the bias.</summary>
    private static List<double[]> JointTable(IReadOnlyList<FoldedLookup> lookups, IReadOnlyList<List<double[]>> blocks, double[] bias)
    {
        var rows = (int)JointRows(blocks);
        var table = new List<double[]>(rows);
        var digits = new int[lookups.Count];
        for (var r = 0; r < rows; r++)
        {
            var sum = (double[])bias.Clone();
            for (var c = 0; c < blocks.Count; c++)
            {
                var block = blocks[c][digits[c]];
                for (var o = 0; o < sum.Length; o++)
                {
                    sum[o] += block[o];
                }
            }
            table.Add(sum);
            for (var c = blocks.Count - 1; c >= 0 && ++digits[c] == blocks[c].Count; c--)
            {
                digits[c] = 0;
            }
        }
        return table;
    }

    /// <summary>The blocks one after another, the bias in the first (each row of the first lookup selects one of its rows).</summary>
    private static List<double[]> SeparateTable(IReadOnlyList<FoldedLookup> lookups, IReadOnlyList<List<double[]>> blocks, double[] bias)
    {
        var table = blocks.SelectMany(b => b.Select(r => (double[])r.Clone())).ToList();
        foreach (var row in table.Take(blocks[0].Count))
        {
            for (var o = 0; o < row.Length; o++)
            {
                row[o] += bias[o];
            }
        }
        return table;
    }

    /// <summary>Block-local rows times the lookup's place value in the joint table.</summary>
    private static List<FoldedLookup> Scaled(IReadOnlyList<FoldedLookup> lookups, IReadOnlyList<List<double[]>> blocks)
    {
        var scaled = new List<FoldedLookup>();
        long place = 1;
        for (var c = lookups.Count - 1; c >= 0; c--)
        {
            var p = place;
            scaled.Insert(0, lookups[c] with { Rows = lookups[c].Rows.Select(r => r * p).ToList(), DefaultRow = lookups[c].DefaultRow * p });
            place *= blocks[c].Count;
        }
        return scaled;
    }

    /// <summary>Block-local rows plus the rows of the blocks before.</summary>
    private static List<FoldedLookup> Offset(IReadOnlyList<FoldedLookup> lookups, IReadOnlyList<List<double[]>> blocks)
    {
        var offset = 0L;
        var result = new List<FoldedLookup>();
        for (var c = 0; c < lookups.Count; c++)
        {
            var o = offset;
            result.Add(lookups[c] with { Rows = lookups[c].Rows.Select(r => r + o).ToList(), DefaultRow = lookups[c].DefaultRow + o });
            offset += blocks[c].Count;
        }
        return result;
    }
    /// <summary>The steps the graph computes, and the trailing affine step's float32 offset and divisor (0 and 1 when there is none).</summary>
    private static (IReadOnlyList<NumericStep> Steps, float Shift, float Divisor) SplitTrailingAffine(IReadOnlyList<NumericStep> steps) =>
        steps.LastOrDefault() switch
        {
            StandardizeStep z => (steps.Take(steps.Count - 1).ToList(), (float)z.Mean, (float)z.Std),
            MinMaxStep m => (steps.Take(steps.Count - 1).ToList(), (float)m.Min, m.Range),
            _ => (steps, 0f, 1f),
        };

    /// <summary>
    /// The feature's block of rows, numbered from 0 in <paramref name="table"/>: one per slot (its weight column), one all-zero row for
    /// "no slot", and with a missing indicator one for "" (the fill's slot plus the indicator's column).
    /// </summary>
    private static FoldedLookup Lookup(int feature, FittedCategoricalFeature categorical, List<double[]> table, int outputs, Func<int, double[]> weightColumn)
    {
        var encoding = categorical.Encoding;
        for (var slot = 0; slot < encoding.Width; slot++)
        {
            table.Add(weightColumn(slot));
        }
        var none = table.Count;
        table.Add(new double[outputs]);
        long RowOf(int slot) => slot < 0 ? none : slot;

        var lookup = encoding.BuildLookup();
        var keys = lookup.Keys.Order(StringComparer.Ordinal).ToList();
        var rows = keys.Select(k => RowOf(lookup[k])).ToList();
        if (categorical.Impute is { } impute)
        {
            var filled = RowOf(encoding.Slot(impute.Fill, lookup));
            if (impute.Indicator)
            {
                var indicator = weightColumn(encoding.Width);
                var fill = table[(int)filled];
                filled = table.Count;
                table.Add(Enumerable.Range(0, outputs).Select(o => fill[o] + indicator[o]).ToArray());
            }
            keys.Add("");
            rows.Add(filled);
        }
        return new FoldedLookup(feature, keys, rows, RowOf(encoding.Slot(null, lookup)));
    }
}
