using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Api.Validation;

/// <summary>
/// The run's refusal of a split too small (<see cref="SplitSizes"/>), said by validate before any run from the data's
/// row count cut as the run cuts it (<see cref="SplitCuts"/>). An error for a random split: the run refuses it with
/// the same words when no invalid row is dropped (validation.maxInvalidFraction 0 refuses any), and still refuses
/// with fewer rows — save an empty validation split, whose size does not only grow with the rows, so with a
/// nonzero maxInvalidFraction it is a warning. A warning that says "about" for hash, time and stratified splits,
/// which cut close to those points but not on them.
/// </summary>
public static class SplitSizeForecast
{
    /// <summary>The refusal at the Dataset's split fraction to raise, or null when every split the job needs gets rows.</summary>
    /// <param name="dataset">The Dataset's manifest object, where the diagnostic points.</param>
    /// <param name="dataRows">Rows in the Dataset's data (CSV records, Parquet rows).</param>
    public static Diagnostic? Check(ManifestObject dataset, SplitSpec? split, TrainingJob job, long dataRows)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(job);
        // A table holds at most int.MaxValue rows; a file that large leaves no split empty at a fraction above 0.
        if (dataRows is < 1 or > int.MaxValue)
        {
            return null;
        }
        var (n, fractions) = ((int)dataRows, split ?? new SplitSpec());
        var (trainEnd, validationEnd) = SplitCuts.Points(n, fractions.TrainOrDefault, fractions.ValidationOrDefault);
        var exact = SplitCuts.IsExact(split);
        if (SplitSizes.Check(split, job, new SplitRows(trainEnd, validationEnd - trainEnd, n - validationEnd), about: !exact) is not { } refusal)
        {
            return null;
        }
        var certain = exact && (refusal.Shortfall != SplitShortfall.NoValidationRows || (((Dataset)dataset.Resource).Spec.Validation?.MaxInvalidFraction ?? 0) == 0);
        var message = $"{refusal.Reason}: {refusal.Message}";
        return certain ? dataset.Error(refusal.Field, message) : dataset.Warning(refusal.Field, message);
    }
}
