using System.Globalization;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Api.Validation;

/// <summary>
/// The run's <see cref="TrainingWarning.FewOptimizerSteps"/> warning, said by validate before any run: the data's row
/// count split as the run splits it (<see cref="SplitCuts"/>), then the run's own <see cref="OptimizerSteps"/> check.
/// The count is of rows before validation drops invalid ones or the run drops missing labels, so the run's own
/// count can only be lower (a random split) or differ by a few (hash, time, stratified): a warning here is one the
/// run gives too, with the same steps and fixes when no row is dropped.
/// </summary>
public static class StepsForecast
{
    /// <summary>The warning at the field to change (batchSize or epochs), or null when the steps reach the threshold.</summary>
    /// <param name="dataRows">Rows in the Dataset's data (CSV records, Parquet rows).</param>
    /// <param name="dataPath">The data file as messages name it.</param>
    public static Diagnostic? Check(ManifestObject job, TrainingJobSpec spec, SplitSpec? split, long dataRows, string dataPath)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(spec);
        // A table holds at most int.MaxValue rows; a file that large takes more steps than the threshold anyway.
        if (dataRows is < 0 or > int.MaxValue)
        {
            return null;
        }
        var trainRows = SplitCuts.TrainingRows(split, (int)dataRows);
        var how = SplitCuts.IsExact(split) ? "" : split?.StratifyBy is { } column ? $" stratified by {column}" : $" by {ApiNames.Of(split!.Method!.Value)}";
        var words = $"{(SplitCuts.IsExact(split) ? "" : "about ")}{N(trainRows)} training rows, split.train " +
                    $"{(split ?? new SplitSpec()).TrainOrDefault.ToString("R", CultureInfo.InvariantCulture)} of the {N(dataRows)} rows in {dataPath}{how}";
        return OptimizerSteps.Check(spec, trainRows, words) is { } warning
            ? job.Warning(OptimizerSteps.FieldToChange(spec, trainRows), $"{warning.Reason}: {warning.Message}")
            : null;
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
