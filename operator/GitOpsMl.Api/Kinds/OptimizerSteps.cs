using System.Globalization;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

/// <summary>
/// How many optimizer steps a run takes (epochs × batches per epoch), and the warning when that is too few for a
/// network to learn much. The defaults (20 epochs of 256-row batches) suit tens of thousands of rows; on a few
/// hundred they give a few dozen steps, and the model comes out no better than predicting the majority class. The
/// trainer warns with the exact count, validate with the count of the rows it read.
/// </summary>
public static class OptimizerSteps
{
    /// <summary>
    /// Fewer steps than this draw a warning. Adam moves each weight by about the learning rate per step whatever the
    /// gradient's scale, so at the default 0.001 a weight can travel about 0.5 in 500 steps: the size of a freshly
    /// initialized layer's weights (at most 1/√inputs, 0.3 for 10 inputs), and no further in fewer. A Titanic-sized
    /// run at the defaults (623 training rows, 60 steps) scored exactly the majority class's accuracy.
    /// </summary>
    public const int Threshold = 500;

    /// <summary>
    /// Batches per epoch as the trainer cuts them: ceil(rows / batchSize), one fewer when the network has batchNorm
    /// and the last batch would hold one row (it joins the batch before).
    /// </summary>
    public static int PerEpoch(int trainRows, int batchSize, bool batchNorm)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainRows);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var batches = (int)(((long)trainRows + batchSize - 1) / batchSize);
        var last = trainRows - ((long)batches - 1) * batchSize;
        return batchNorm && batches > 1 && last == 1 ? batches - 1 : batches;
    }

    /// <summary>
    /// <see cref="Check(int, int, int, bool, string?)"/> with the job's epochs, batchSize and mlp batchNorm, their CRD
    /// defaults where omitted: what the run checks before its first epoch, and validate with the rows it counted.
    /// </summary>
    public static TrainingWarning? Check(TrainingJobSpec spec, int trainRows, string? rowsWords = null)
    {
        var (epochs, batchSize, batchNorm) = Settings(spec);
        return Check(trainRows, epochs, batchSize, batchNorm, rowsWords);
    }

    /// <summary>
    /// The field the warning's first fix changes, as a manifest path: spec.hyperparameters.batchSize when a smaller
    /// batch reaches <see cref="Threshold"/> in the job's epochs, spec.hyperparameters.epochs otherwise.
    /// </summary>
    public static string FieldToChange(TrainingJobSpec spec, int trainRows)
    {
        var (epochs, batchSize, batchNorm) = Settings(spec);
        return Fixes(trainRows, epochs, batchSize, batchNorm, PerEpoch(trainRows, batchSize, batchNorm))[0].Field;
    }

    /// <summary>
    /// Null when <paramref name="epochs"/> × <see cref="PerEpoch"/> reaches <see cref="Threshold"/>; otherwise a
    /// <see cref="TrainingWarning.FewOptimizerSteps"/> warning with the numbers and the batchSize or epochs that
    /// would reach it. <paramref name="rowsWords"/> says where the row count comes from when it is an estimate.
    /// </summary>
    public static TrainingWarning? Check(int trainRows, int epochs, int batchSize, bool batchNorm, string? rowsWords = null)
    {
        var perEpoch = PerEpoch(trainRows, batchSize, batchNorm);
        var steps = (long)epochs * perEpoch;
        if (steps >= Threshold || perEpoch == 0)
        {
            return null;
        }
        var fixes = Fixes(trainRows, epochs, batchSize, batchNorm, perEpoch).Select(f => f.Words);
        var rows = rowsWords ?? $"{N(trainRows)} training rows";
        return new TrainingWarning
        {
            Reason = TrainingWarning.FewOptimizerSteps,
            Message = $"the model trains for only {N(steps)} optimizer steps ({Count(epochs, "epoch", "epochs")} × {Count(perEpoch, "batch", "batches")} of up to {N(batchSize)} from {rows}), " +
                      $"fewer than {N(Threshold)}: too few for a network to learn much, and it may predict no better than the majority class or the mean. " +
                      $"To reach {N(Threshold)}, {string.Join(", or ", fixes)}.",
        };
    }

    /// <summary>What reaches the threshold, most direct first: a smaller batch when one does in these epochs, then more epochs.</summary>
    private static List<(string Field, string Words)> Fixes(int trainRows, int epochs, int batchSize, bool batchNorm, int perEpoch)
    {
        var fixes = new List<(string, string)>();
        if (LargestSufficientBatchSize(trainRows, epochs, batchNorm) is { } smaller && smaller < batchSize)
        {
            fixes.Add(("spec.hyperparameters.batchSize", $"lower hyperparameters.batchSize to {N(smaller)} or less"));
        }
        fixes.Add(("spec.hyperparameters.epochs", $"raise hyperparameters.epochs to {N((Threshold + Math.Max(perEpoch, 1) - 1) / Math.Max(perEpoch, 1))} or more"));
        return fixes;
    }

    private static (int Epochs, int BatchSize, bool BatchNorm) Settings(TrainingJobSpec spec)
    {
        var hp = spec.Hyperparameters;
        var t = typeof(HyperparametersSpec);
        return (hp?.Epochs ?? SpecDefaults.Of<int>(t, nameof(HyperparametersSpec.Epochs)),
            hp?.BatchSize ?? SpecDefaults.Of<int>(t, nameof(HyperparametersSpec.BatchSize)),
            spec.Algorithm.Mlp is { } mlp && (mlp.BatchNorm ?? SpecDefaults.Of<bool>(typeof(MlpSpec), nameof(MlpSpec.BatchNorm))));
    }

    /// <summary>The largest batch size that reaches the threshold in <paramref name="epochs"/>; null when none does (batchNorm needs 2 rows a batch).</summary>
    private static int? LargestSufficientBatchSize(int trainRows, int epochs, bool batchNorm)
    {
        var batchesNeeded = (Threshold + epochs - 1) / epochs;
        // ceil(rows / size) ≥ k exactly when size < rows / (k − 1): start from the largest such size.
        var start = batchesNeeded <= 1 ? trainRows : (int)(((long)trainRows + batchesNeeded - 2) / (batchesNeeded - 1)) - 1;
        for (var size = start; size >= (batchNorm ? 2 : 1); size--)
        {
            if ((long)epochs * PerEpoch(trainRows, size, batchNorm) >= Threshold)
            {
                return size;
            }
        }
        return null;
    }

    private static string Count(long n, string one, string many) => $"{N(n)} {(n == 1 ? one : many)}";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
