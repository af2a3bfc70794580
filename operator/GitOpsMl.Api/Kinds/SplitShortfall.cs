namespace GitOpsMl.Api.Kinds;

/// <summary>
/// Each way a split of the data can hold too few rows for a run, found from the rows per split alone
/// (<see cref="SplitSizes"/>). The run refuses every one right after splitting; validate says each one first from
/// the rows it counts (a test holds one case per value and checks both).
/// </summary>
public enum SplitShortfall
{
    /// <summary>The training split has no rows: nothing to fit the transforms and the model on.</summary>
    NoTrainingRows,

    /// <summary>split.test is above 0 but the test split has no rows: nothing to evaluate or check the export on.</summary>
    NoTestRows,

    /// <summary>earlyStopping watches the validation split, and split.validation is above 0 but the split has no rows.</summary>
    NoValidationRows,

    /// <summary>The network has batchNorm and the training split has one row: batch normalization needs two.</summary>
    OneTrainingRowWithBatchNorm,
}
