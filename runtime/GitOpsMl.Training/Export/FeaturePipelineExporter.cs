using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Onnx;

namespace GitOpsMl.Training.Export;

/// <summary>
/// Turns a fitted feature pipeline into ONNX nodes over the raw columns, so the served graph
/// computes exactly the features training saw (the same float32 operations in the same order
/// as <see cref="FittedFeaturePipeline.Transform"/>). Serving then needs no feature code.
/// </summary>
/// <remarks>
/// Built in blocks, not column by column, because ONNX Runtime's cost per node dominates small
/// models: the numeric columns are joined into one block (one column per row, [k, N]; see
/// <see cref="ColumnBlockOps"/>) that goes through a few shared stages (<see cref="NumericStagePlanner"/>; per-column constants as vectors, identity where a
/// column skips a stage), all bucketized columns become one block, all one-hot encodings one
/// block (<see cref="CategoricalBlockOps.SharedOneHot"/>), all timestamp columns one float64
/// block of calendar arithmetic (<see cref="DatetimeBlockOps"/>), all missing indicators one block per
/// kind; one Concat and one Gather then put every output where the network expects it (the
/// pipeline's <see cref="FittedFeaturePipeline.OutputNames"/> order) and one Transpose turns the
/// block into the [N, width] matrix.
/// </remarks>
public static class FeaturePipelineExporter
{
    /// <summary>Adds one graph input per raw column and returns the name of the float [N, width] feature matrix.</summary>
    public static string Append(OnnxGraphBuilder graph, FittedFeaturePipeline pipeline)
    {
        // Inputs first, in the pipeline's order: that order is the bundle's input contract.
        var inputs = pipeline.Features.Select(f => f switch
        {
            FittedNumericFeature => graph.AddNumericColumn(f.Column),
            FittedCategoricalFeature => graph.AddCategoricalColumn(f.Column),
            FittedDatetimeFeature => graph.AddTimestampColumn(f.Column),
            _ => throw new NotSupportedException($"feature {f.Column}: {f.GetType().Name} cannot be exported"),
        }).ToList();

        var blocks = new List<string>();
        var width = 0;
        var placed = new Dictionary<(int Feature, int Output), long>();
        void Place(string block, int blockWidth, IEnumerable<(int Feature, int Output, int Column)> outputs)
        {
            foreach (var (feature, output, column) in outputs)
            {
                placed[(feature, output)] = width + column;
            }
            blocks.Add(block);
            width += blockWidth;
        }

        var numeric = Enumerable.Range(0, inputs.Count).Where(i => pipeline.Features[i] is FittedNumericFeature).ToList();
        if (numeric.Count > 0)
        {
            Numeric(graph, numeric.Select(i => (i, inputs[i], (FittedNumericFeature)pipeline.Features[i])).ToList(), Place);
        }
        var categorical = Enumerable.Range(0, inputs.Count).Where(i => pipeline.Features[i] is FittedCategoricalFeature).ToList();
        if (categorical.Count > 0)
        {
            Categorical(graph, categorical.Select(i => (i, inputs[i], (FittedCategoricalFeature)pipeline.Features[i])).ToList(), Place);
        }

        var datetime = Enumerable.Range(0, inputs.Count).Where(i => pipeline.Features[i] is FittedDatetimeFeature).ToList();
        if (datetime.Count > 0)
        {
            Datetime(graph, datetime.Select(i => (i, inputs[i], (FittedDatetimeFeature)pipeline.Features[i])).ToList(), Place);
        }

        var order = pipeline.Features.SelectMany((f, i) => Enumerable.Range(0, f.Width).Select(o => placed[(i, o)])).ToArray();
        var all = graph.JoinBlocks(blocks);
        var ordered = order.Select((position, i) => position == i).All(same => same) && order.Length == width
            ? all
            : graph.SelectRows(all, order);
        return graph.BlockToMatrix(ordered);
    }

    private delegate void Placer(string block, int blockWidth, IEnumerable<(int Feature, int Output, int Column)> outputs);

    private static void Numeric(OnnxGraphBuilder graph, IReadOnlyList<(int Index, string Input, FittedNumericFeature Feature)> columns, Placer place)
    {
        var raw = graph.JoinColumns(columns.Select(c => c.Input).ToList());
        var rawMissing = new Lazy<string>(() => graph.AddNode("IsNaN", [raw]));
        var chains = columns.Select(c => (IReadOnlyList<NumericStep>)c.Feature.Steps.Where(s => s is not BucketizeStep).ToList()).ToList();
        if (columns.Any(c => c.Feature.Steps.Take(c.Feature.Steps.Count - 1).Any(s => s is BucketizeStep)))
        {
            throw new NotSupportedException("bucketize must be a numeric column's last step to be exported");
        }

        var x = NumericStageOps.Apply(graph, raw, () => rawMissing.Value, NumericStagePlanner.Plan(chains));

        var buckets = columns.Select((c, column) => (column, Step: c.Feature.Steps.LastOrDefault() as BucketizeStep)).Where(b => b.Step is not null).ToList();
        var plain = columns.Select((c, column) => (c.Index, Output: 0, Column: column)).Where(p => buckets.All(b => b.column != p.Column));
        place(x, columns.Count, plain);

        if (buckets.Count > 0)
        {
            var bucketBlock = graph.BucketizeColumns(x, buckets.Select(b => (b.column, (IReadOnlyList<float>)b.Step!.FloatBoundaries())).ToList());
            var outputs = new List<(int, int, int)>();
            foreach (var (column, step) in buckets)
            {
                for (var j = 0; j <= step!.Boundaries.Count; j++)
                {
                    outputs.Add((columns[column].Index, j, outputs.Count));
                }
            }
            place(bucketBlock, outputs.Count, outputs);
        }

        var indicators = columns.Select((c, column) => (c, column)).Where(p => p.c.Feature.HasMissingIndicator).ToList();
        if (indicators.Count > 0)
        {
            var block = graph.AddNode("Cast", [rawMissing.Value], OnnxAttribute.Int("to", (long)TensorElementType.Float));
            place(block, columns.Count, indicators.Select(p => (p.c.Index, p.c.Feature.Width - 1, p.column)));
        }
    }

    private static void Categorical(OnnxGraphBuilder graph, IReadOnlyList<(int Index, string Input, FittedCategoricalFeature Feature)> columns, Placer place)
    {
        var slots = new List<string>();
        var outputs = new List<(int, int, int)>();
        foreach (var (index, raw, feature) in columns)
        {
            var offset = outputs.Count;
            slots.Add(Lookup(graph, raw, feature, offset));
            outputs.AddRange(Enumerable.Range(0, feature.Encoding.Width).Select(o => (index, o, offset + o)));
        }
        place(graph.SharedOneHot(slots, columns.Select(c => c.Feature.Encoding.Width).ToList()), outputs.Count, outputs);

        var indicators = columns.Where(c => c.Feature.Impute?.Indicator == true).ToList();
        if (indicators.Count > 0)
        {
            var missing = indicators.Select(c => graph.StringLookup(c.Input, [""], [1], 0)).ToList();
            var block = graph.AddNode("Cast", [graph.JoinColumns(missing)], OnnxAttribute.Int("to", (long)TensorElementType.Float));
            place(block, indicators.Count, indicators.Select((c, column) => (c.Index, c.Feature.Width - 1, column)));
        }
    }

    /// <summary>
    /// All timestamp columns as one float64 block of Unix seconds: each calendar field is computed
    /// once for the block, the outputs' rows gathered from it and encoded together (standardized,
    /// sin or cos), then cast to float once.
    /// </summary>
    private static void Datetime(OnnxGraphBuilder graph, IReadOnlyList<(int Index, string Input, FittedDatetimeFeature Feature)> columns, Placer place)
    {
        var seconds = graph.JoinColumns(columns.Select(c => c.Input).ToList());
        var rows = new List<(int Column, CalendarField Field)>();
        var offsets = new List<double>();
        var scales = new List<double>();
        var kinds = new List<DatetimeEncodingKind>();
        var outputs = new List<(int, int, int)>();
        for (var column = 0; column < columns.Count; column++)
        {
            var feature = columns[column].Feature;
            for (var o = 0; o < feature.Outputs.Count; o++)
            {
                var output = feature.Outputs[o];
                outputs.Add((columns[column].Index, o, rows.Count));
                rows.Add((column, FieldOf(output.Quantity)));
                offsets.Add(output.Offset);
                scales.Add(output.Scale);
                kinds.Add(output.Encoding switch
                {
                    DatetimeEncoding.Sin => DatetimeEncodingKind.Sin,
                    DatetimeEncoding.Cos => DatetimeEncodingKind.Cos,
                    _ => DatetimeEncodingKind.Linear,
                });
            }
        }
        var fields = graph.CalendarFields(seconds, columns.Count, rows);
        place(graph.EncodeDatetimeRows(fields, offsets, scales, kinds), rows.Count, outputs);
    }

    private static CalendarField FieldOf(DatetimeQuantity quantity) => quantity switch
    {
        DatetimeQuantity.Year => CalendarField.Year,
        DatetimeQuantity.Month => CalendarField.Month,
        DatetimeQuantity.DayOfMonth => CalendarField.DayOfMonth,
        DatetimeQuantity.DayOfWeek => CalendarField.DayOfWeek,
        DatetimeQuantity.DayOfYear => CalendarField.DayOfYear,
        DatetimeQuantity.Hour => CalendarField.Hour,
        DatetimeQuantity.Minute => CalendarField.Minute,
        DatetimeQuantity.ElapsedDays => CalendarField.ElapsedDays,
        DatetimeQuantity.ElapsedSeconds => CalendarField.ElapsedSeconds,
        _ => throw new NotSupportedException($"datetime quantity {quantity} cannot be exported"),
    };

    /// <summary>The column's slot in the shared one-hot numbering (its own slot + <paramref name="offset"/>; -1 for none) → int64 [N,1].</summary>
    private static string Lookup(OnnxGraphBuilder graph, string raw, FittedCategoricalFeature feature, int offset)
    {
        long Shared(int slot) => slot < 0 ? -1 : slot + offset;
        var lookup = feature.Encoding.BuildLookup();
        var keys = lookup.Keys.Order(StringComparer.Ordinal).ToList();
        var slots = keys.Select(k => Shared(lookup[k])).ToList();
        if (feature.Impute is { } impute)
        {
            // Imputation then encoding is one lookup: the missing marker "" maps to the fill value's slot.
            keys.Add("");
            slots.Add(Shared(feature.Encoding.Slot(impute.Fill, lookup)));
        }
        var unknownSlot = Shared(feature.Encoding.Slot(null, lookup));
        return keys.Count == 0
            ? graph.StringLookup(raw, ["\u0000unused"], [unknownSlot], unknownSlot)
            : graph.StringLookup(raw, keys, slots, unknownSlot);
    }

    /// <summary>The raw input columns of the exported graph, in input order, with their bundle kind (<see cref="BundleInput"/>).</summary>
    public static IReadOnlyList<BundleInput> Inputs(FittedFeaturePipeline pipeline) =>
        pipeline.Features.Select(f => new BundleInput(f.Column, f switch
        {
            FittedCategoricalFeature => BundleInput.Categorical,
            FittedDatetimeFeature => BundleInput.Timestamp,
            // Same float 0/1 graph input as numeric; the kind tells the server to take true/false and "yes"/"no" too.
            FittedNumericFeature { ColumnType: ColumnType.Bool } => BundleInput.Bool,
            _ => BundleInput.Numeric,
        })).ToList();

    /// <summary>Whether a column type is fed to the graph as a string tensor.</summary>
    public static bool IsCategorical(ColumnType type) => type is ColumnType.Category or ColumnType.String;
}
