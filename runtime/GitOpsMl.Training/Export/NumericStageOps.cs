using GitOpsMl.Data.Features;
using GitOpsMl.Onnx;

namespace GitOpsMl.Training.Export;

/// <summary>Writes planned numeric stages (<see cref="NumericStagePlanner"/>) over a [k, N] block, one set of block ops per stage.</summary>
public static class NumericStageOps
{
    /// <summary>
    /// Applies <paramref name="stages"/> to <paramref name="raw"/> ([k, N], column j = row j) and returns the result;
    /// <paramref name="rawMissing"/> gives IsNaN(raw), shared with whoever else needs it (built only when asked for).
    /// </summary>
    public static string Apply(OnnxGraphBuilder graph, string raw, Func<string> rawMissing, IReadOnlyList<NumericStage> stages)
    {
        var x = raw;
        foreach (var stage in stages)
        {
            x = stage.Kind switch
            {
                NumericStageKind.Impute => graph.ImputeColumns(x, x == raw ? rawMissing() : graph.AddNode("IsNaN", [x]),
                    stage.Steps.Select(s => s is ImputeStep i ? (float)i.Fill : NumericBlockOps.KeepMissing).ToArray()),
                NumericStageKind.Clip => graph.ClipColumns(x,
                    stage.Steps.Select(s => s is ClipStep { Min: { } lo } ? (float)lo : float.NegativeInfinity).ToArray(),
                    stage.Steps.Select(s => s is ClipStep { Max: { } hi } ? (float)hi : float.PositiveInfinity).ToArray()),
                NumericStageKind.Log1p => graph.Log1pColumns(x, stage.Steps.Select(s => s is Log1pStep).ToArray()),
                NumericStageKind.Affine => graph.AffineColumns(x,
                    stage.Steps.Select(s => s switch { StandardizeStep z => (float)z.Mean, MinMaxStep m => (float)m.Min, _ => 0f }).ToArray(),
                    stage.Steps.Select(s => s switch { StandardizeStep z => (float)z.Std, MinMaxStep m => m.Range, _ => 1f }).ToArray()),
                _ => throw new NotSupportedException($"numeric stage {stage.Kind} cannot be exported"),
            };
        }
        return x;
    }
}
