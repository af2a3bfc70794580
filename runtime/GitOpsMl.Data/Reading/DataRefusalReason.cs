namespace GitOpsMl.Data.Reading;

/// <summary>Why data was refused. Each is permanent for the given bytes and spec: retrying cannot help.</summary>
public enum DataRefusalReason
{
    /// <summary>The bytes are not a readable file of the declared format.</summary>
    Unreadable,

    /// <summary>The file's columns are not the schema's columns.</summary>
    SchemaMismatch,

    /// <summary>The bytes do not have the sha256 that spec.sha256 pins.</summary>
    Sha256Mismatch,

    /// <summary>More rows broke the schema than validation.maxInvalidFraction tolerates.</summary>
    TooManyInvalidRows,

    /// <summary>A column has more missing values than its maxNullFraction.</summary>
    NullFractionExceeded,

    /// <summary>A hash or time split column is missing in some rows, so those rows have no place in any split.</summary>
    SplitColumnMissing,

    /// <summary>No rows at all, or none left after validation.</summary>
    NoRows,

    /// <summary>The training split has no (finite) values in a column a transform must be fitted on.</summary>
    NoTrainingValues,

    /// <summary>The label has the wrong number of distinct values in the training split for its task.</summary>
    WrongClassCount,

    /// <summary>positiveClass is a valid value but never occurs in the training split.</summary>
    PositiveClassNotInData,

    /// <summary>A statistic fitted on the data (a mean, a bound) does not fit in float32.</summary>
    ValueOutOfRange,

    /// <summary>Two features produce the same output name from the values seen (e.g. a category equal to another column's bucket name).</summary>
    DuplicateOutputName,

    /// <summary>Too few training rows for the network (batch normalization needs batches of two).</summary>
    TooFewRows,

    /// <summary>Every row of a split has sample weight 0: its weighted loss or metrics would be 0 / 0.</summary>
    ZeroWeights,
}
