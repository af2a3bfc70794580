using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Shadow;

/// <summary>
/// Whether two versions agree on a row: classifiers on the predicted (argmax) class, regression
/// within a relative tolerance (|a-b| ≤ tol · max(1, |a|)). Pure.
/// </summary>
public static class ShadowAgreement
{
    public static bool RowAgrees(ModelTask task, ReadOnlySpan<float> stable, ReadOnlySpan<float> shadow, double tolerance)
    {
        if (task == ModelTask.Regression)
        {
            double a = stable[0], b = shadow[0];
            if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b);
            return Math.Abs(a - b) <= tolerance * Math.Max(1.0, Math.Abs(a));
        }
        return stable.Length == shadow.Length && ModelSchema.ArgMax(stable) == ModelSchema.ArgMax(shadow);
    }

    /// <summary>Rows that agree out of <paramref name="rows"/>.</summary>
    public static int CountAgreeing(ModelTask task, ReadOnlySpan<float> stable, ReadOnlySpan<float> shadow, int rows, double tolerance)
    {
        if (rows == 0) return 0;
        int ws = stable.Length / rows, wc = shadow.Length / rows, agreed = 0;
        for (var r = 0; r < rows; r++)
        {
            if (RowAgrees(task, stable.Slice(r * ws, ws), shadow.Slice(r * wc, wc), tolerance)) agreed++;
        }
        return agreed;
    }
}
