namespace GitOpsMl.Api.Failures;

/// <summary>
/// Every reason a run refuses a spec for. Each must also be caught by <c>gitopsml validate</c> before a run
/// starts (a test holds one manifest per value and checks both): a refusal only the run knows is a pull
/// request merged green that can never train.
/// </summary>
public enum SpecRefusal
{
    /// <summary>A reference names an object the set does not hold.</summary>
    ReferenceNotFound,

    /// <summary>The same column is listed twice in features.</summary>
    DuplicateFeature,

    /// <summary>A feature or label names a column the dataset's schema does not have.</summary>
    ColumnNotInSchema,

    /// <summary>A feature is the label, is prohibited, or has a type or role that cannot be a feature.</summary>
    ColumnCannotBeFeature,

    /// <summary>The label's column type or role does not fit the task.</summary>
    LabelDoesNotFitTask,

    /// <summary>positiveClass is not a value the label column can hold.</summary>
    PositiveClassNotAValue,

    /// <summary>A transform needs another column type (a numeric step on a category, an encoder on a number).</summary>
    TransformDoesNotFitColumn,

    /// <summary>Transforms in an order the pipeline cannot apply (impute first, encoder or bucketize last).</summary>
    TransformOrder,

    /// <summary>A transform's parameters cannot make a step (clip without bounds, unsorted boundaries...).</summary>
    TransformParameters,

    /// <summary>classWeights: balanced on a regression task.</summary>
    ClassWeightsNeedClassification,

    /// <summary>earlyStopping.metric is not a metric of the task.</summary>
    EarlyStoppingMetric,

    /// <summary>earlyStopping without validation rows (split.validation is 0).</summary>
    EarlyStoppingNeedsValidation,

    /// <summary>split.test is 0: the run would have nothing to evaluate or check parity on.</summary>
    TestSplitEmpty,

    /// <summary>The split's method, fractions or columns cannot split this schema.</summary>
    SplitInvalid,

    /// <summary>A hyperparameter outside its range, or one the optimizer would silently ignore.</summary>
    HyperparameterInvalid,

    /// <summary>An evaluation slice names a column that cannot be sliced on (an identifier, a raw time).</summary>
    SliceColumn,

    /// <summary>The algorithm does not describe a network (neither or both of linear and mlp, empty or zero-width layers).</summary>
    AlgorithmInvalid,

    /// <summary>Role weight on more than one column, or on a column that is not int or float.</summary>
    WeightColumn,
}
