using GitOpsMl.Data.Features;

namespace GitOpsMl.Training.Export;

/// <summary>
/// Merges the step chains of the numeric columns into few shared stages. Every column keeps its
/// own steps in its own order (columns are independent, so only the order within a column
/// matters); a stage applies one form of step to every column that takes it and leaves the rest
/// unchanged. Greedy: at each stage pick, among the forms some column needs next, the one that no
/// column needs later (so it will not have to run again), then the one most columns need now,
/// then the fixed order of <see cref="NumericStageKind"/>. Deterministic for a given pipeline.
/// </summary>
public static class NumericStagePlanner
{
    /// <summary>The stage form of a step; bucketize is not a stage (it ends a column and is exported as a block of its own).</summary>
    public static NumericStageKind KindOf(NumericStep step) => step switch
    {
        ImputeStep => NumericStageKind.Impute,
        ClipStep => NumericStageKind.Clip,
        Log1pStep => NumericStageKind.Log1p,
        StandardizeStep or MinMaxStep => NumericStageKind.Affine,
        _ => throw new NotSupportedException($"step {step.GetType().Name} is not a shared numeric stage"),
    };

    /// <param name="columns">Each numeric column's steps, without a trailing bucketize.</param>
    public static IReadOnlyList<NumericStage> Plan(IReadOnlyList<IReadOnlyList<NumericStep>> columns)
    {
        var next = new int[columns.Count];
        var stages = new List<NumericStage>();
        while (true)
        {
            var heads = Enumerable.Range(0, columns.Count).Where(c => next[c] < columns[c].Count)
                .Select(c => KindOf(columns[c][next[c]])).ToList();
            if (heads.Count == 0)
            {
                return stages;
            }
            var kind = heads.Distinct()
                .OrderBy(k => NeededLater(columns, next, k))
                .ThenByDescending(k => heads.Count(h => h == k))
                .ThenBy(k => k)
                .First();
            var steps = new NumericStep?[columns.Count];
            for (var c = 0; c < columns.Count; c++)
            {
                if (next[c] < columns[c].Count && KindOf(columns[c][next[c]]) == kind)
                {
                    steps[c] = columns[c][next[c]++];
                }
            }
            stages.Add(new NumericStage(kind, steps));
        }
    }

    /// <summary>How many columns need <paramref name="kind"/> after their next step.</summary>
    private static int NeededLater(IReadOnlyList<IReadOnlyList<NumericStep>> columns, int[] next, NumericStageKind kind) =>
        Enumerable.Range(0, columns.Count).Count(c => columns[c].Skip(next[c] + 1).Any(s => KindOf(s) == kind));
}
