using System.Globalization;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Api.Kinds;

/// <summary>
/// The run's refusals of a split too small to train, evaluate or early-stop on, from the rows each split got. One
/// rule for both sides: the run checks the rows its splitter gave, right after splitting and before anything is
/// fitted; validate checks the rows it counted in the data, cut by <see cref="SplitCuts"/>. For a random split
/// those are the run's rows when no invalid row is dropped, and a refused training or test split stays refused
/// with fewer rows (both counts only grow with the data); other methods cut close to them, so validate says "about".
/// </summary>
public static class SplitSizes
{
    /// <summary>The reason a split with no rows is refused under (DataRefusalReason.NoRows).</summary>
    public const string NoRows = "NoRows";

    /// <summary>The reason one training row for a batchNorm network is refused under (DataRefusalReason.TooFewRows).</summary>
    public const string TooFewRows = "TooFewRows";

    /// <summary>
    /// The first refusal the run makes for these rows, or null. A fraction of 0 is not a shortfall here: split.test 0
    /// and earlyStopping with split.validation 0 are spec refusals, said without any data.
    /// </summary>
    /// <param name="about">The rows are an estimate (validate's count split by a method that is not exact).</param>
    public static SplitSizeRefusal? Check(SplitSpec? split, TrainingJob job, SplitRows rows, bool about = false)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(rows);
        split ??= new SplitSpec();
        var (train, validation, test) = (split.TrainOrDefault, split.ValidationOrDefault, split.TestOrDefault);
        var n = rows.Train + rows.Validation + rows.Test;
        var has = about ? "would have" : "has";
        string Counts(string field, double fraction) =>
            $"split.{field} {F(fraction)} of {N(n)} rows gives {(about ? "about " : "")}{N(rows.Train)} training, {N(rows.Validation)} validation " +
            $"and {N(rows.Test)} test rows{How(split)}";
        string To(double? needed) => needed is { } x ? $" to {(about ? "about " : "")}{F(x)} or more" : "";

        if (rows.Train == 0)
        {
            return new(SplitShortfall.NoTrainingRows, NoRows, "spec.split.train",
                $"the training split {has} no rows: {Counts("train", train)}, so there is nothing to fit the model on; " +
                $"raise split.train{To(Needed(x => SplitCuts.Points(n, x, validation).TrainEnd, 1))}, or add rows");
        }
        if (rows.Test == 0 && test > 0)
        {
            return new(SplitShortfall.NoTestRows, NoRows, "spec.split.test",
                $"the test split {has} no rows: {Counts("test", test)}, so the run has nothing to evaluate the model and check its export on; " +
                $"raise split.test{To(Needed(x => n - SplitCuts.Points(n, train + test - x, validation).ValidationEnd, 1, train + test))} (taking from split.train), or add rows");
        }
        if (rows.Validation == 0 && validation > 0 && job.Spec.EarlyStopping is not null)
        {
            return new(SplitShortfall.NoValidationRows, NoRows, "spec.split.validation",
                $"the validation split {has} no rows: {Counts("validation", validation)}, and earlyStopping of TrainingJob {job.Metadata.Name} watches it; " +
                $"raise split.validation{To(Needed(x => Cut(n, train + validation - x, x), 1, train + validation))} (taking from split.train), add rows, or remove earlyStopping");
        }
        if (rows.Train == 1 && job.Spec.Algorithm.Mlp is { } mlp && (mlp.BatchNorm ?? false))
        {
            return new(SplitShortfall.OneTrainingRowWithBatchNorm, TooFewRows, "spec.split.train",
                $"the training split {has} 1 row: {Counts("train", train)}, and TrainingJob {job.Metadata.Name}'s network has batchNorm, which needs at least 2 training rows; " +
                $"raise split.train{To(Needed(x => SplitCuts.Points(n, x, validation).TrainEnd, 2))}, add rows, or set algorithm.mlp.batchNorm: false");
        }
        return null;
    }

    private static int Cut(int n, double train, double validation)
    {
        var (trainEnd, validationEnd) = SplitCuts.Points(n, train, validation);
        return validationEnd - trainEnd;
    }

    /// <summary>
    /// The smallest fraction in thousandths that gives a split <paramref name="rows"/> rows, leaving split.train above 0
    /// when the fraction is taken from it (<paramref name="below"/> is then train plus the fraction's current value).
    /// </summary>
    private static double? Needed(Func<double, int> rowsAt, int rows, double below = 1.0)
    {
        for (var k = 1; k < 1000 && k / 1000.0 < below; k++)
        {
            if (rowsAt(k / 1000.0) >= rows)
            {
                return k / 1000.0;
            }
        }
        return null;
    }

    private static string How(SplitSpec split) =>
        split.Method is SplitMethod.Hash or SplitMethod.Time ? $" by {ApiNames.Of(split.Method.Value)}"
        : split.StratifyBy is { } column ? $" stratified by {column}" : "";

    private static string F(double fraction) => fraction.ToString("R", CultureInfo.InvariantCulture);

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
