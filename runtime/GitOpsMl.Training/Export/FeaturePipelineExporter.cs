using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Onnx;

namespace GitOpsMl.Training.Export;

/// <summary>
/// Turns a fitted feature pipeline into ONNX nodes over the raw columns, so the served graph
/// computes exactly the features training saw (the same float32 operations in the same order
/// as <see cref="FittedFeaturePipeline.Transform"/>). Serving then needs no feature code.
/// </summary>
public static class FeaturePipelineExporter
{
    /// <summary>Adds one graph input per raw column and returns the name of the float [N, width] feature matrix.</summary>
    public static string Append(OnnxGraphBuilder graph, FittedFeaturePipeline pipeline)
    {
        var blocks = new List<string>();
        foreach (var feature in pipeline.Features)
        {
            switch (feature)
            {
                case FittedNumericFeature n: blocks.AddRange(Numeric(graph, n)); break;
                case FittedCategoricalFeature c: blocks.AddRange(Categorical(graph, c)); break;
                default: throw new NotSupportedException($"feature {feature.Column}: {feature.GetType().Name} cannot be exported");
            }
        }
        return blocks.Count == 1 ? blocks[0] : graph.ConcatFeatures(blocks);
    }

    private static IEnumerable<string> Numeric(OnnxGraphBuilder graph, FittedNumericFeature feature)
    {
        var raw = graph.AddNumericColumn(feature.Column);
        var x = raw;
        foreach (var step in feature.Steps)
        {
            x = step switch
            {
                ImputeStep s => graph.Impute(x, (float)s.Fill),
                StandardizeStep s => graph.Standardize(x, (float)s.Mean, (float)s.Std),
                MinMaxStep s => graph.MinMaxScale(x, (float)s.Min, (float)s.Max),
                Log1pStep => graph.Log1p(x),
                ClipStep s => graph.Clip(x, s.Min is { } lo ? (float)lo : float.NegativeInfinity, s.Max is { } hi ? (float)hi : float.PositiveInfinity),
                BucketizeStep s => graph.BucketizeOneHot(x, s.FloatBoundaries()),
                _ => throw new NotSupportedException($"feature {feature.Column}: step {step.GetType().Name} cannot be exported"),
            };
        }
        yield return x;
        if (feature.HasMissingIndicator) yield return graph.MissingIndicator(raw);
    }

    private static IEnumerable<string> Categorical(OnnxGraphBuilder graph, FittedCategoricalFeature feature)
    {
        var raw = graph.AddCategoricalColumn(feature.Column);
        var lookup = feature.Encoding.BuildLookup();
        var keys = lookup.Keys.Order(StringComparer.Ordinal).ToList();
        var slots = keys.Select(k => (long)lookup[k]).ToList();
        if (feature.Impute is { } impute)
        {
            // Imputation then encoding is one lookup: the missing marker "" maps to the fill value's slot.
            keys.Add("");
            slots.Add(feature.Encoding.Slot(impute.Fill, lookup));
        }
        var unknownSlot = feature.Encoding.Slot(null, lookup);
        var index = keys.Count == 0
            ? graph.StringLookup(raw, ["\u0000unused"], [unknownSlot], unknownSlot)
            : graph.StringLookup(raw, keys, slots, unknownSlot);
        yield return graph.IndexOneHot(index, feature.Encoding.Width);
        if (feature.Impute?.Indicator == true)
        {
            var missing = graph.StringLookup(raw, [""], [1], 0);
            yield return graph.AddNode("Cast", [missing], OnnxAttribute.Int("to", (long)TensorElementType.Float));
        }
    }

    /// <summary>The raw input columns of the exported graph, in input order, with their kind.</summary>
    public static IReadOnlyList<(string Column, bool Categorical)> Inputs(FittedFeaturePipeline pipeline) =>
        pipeline.Features.Select(f => (f.Column, f is FittedCategoricalFeature)).ToList();

    /// <summary>Whether a column type is fed to the graph as a string tensor.</summary>
    public static bool IsCategorical(ColumnType type) => type is ColumnType.Category or ColumnType.String;
}
