namespace GitOpsMl.Api.Kinds;

/// <summary>
/// Where a split cuts n rows: trainEnd = round(n·train), validationEnd = round(n·(train+validation)) (round half
/// to even). The run's splitter cuts by these (the whole ordering for random, each stratum for stratified, the time
/// order before it moves a cut out of a run of equal times), and validate counts training rows by them before any run.
/// </summary>
public static class SplitCuts
{
    public static (int TrainEnd, int ValidationEnd) Points(int rows, double train, double validation)
    {
        var trainEnd = (int)Math.Round(rows * train, MidpointRounding.ToEven);
        return (trainEnd, Math.Max(trainEnd, Math.Min(rows, (int)Math.Round(rows * (train + validation), MidpointRounding.ToEven))));
    }

    /// <summary>The training rows a split of <paramref name="rows"/> valid rows gives: exact for <see cref="IsExact"/>, close otherwise.</summary>
    public static int TrainingRows(SplitSpec? split, int rows)
    {
        split ??= new SplitSpec();
        return Points(rows, split.TrainOrDefault, split.ValidationOrDefault).TrainEnd;
    }

    /// <summary>
    /// Whether <see cref="TrainingRows"/> is the count the run gets from the same valid rows: true for a plain
    /// random split; a stratified one rounds each stratum, a hash split places each row on its own and a time
    /// split moves its cuts to distinct times, so theirs differ by a few rows.
    /// </summary>
    public static bool IsExact(SplitSpec? split) =>
        (split?.Method ?? SplitMethod.Random) == SplitMethod.Random && split?.StratifyBy is null;
}
