using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

/// <summary>
/// Something about a finished run a person should know although the run succeeded: it is in the progress stream,
/// metrics.json, the model card, the registered ModelVersion and a Warning event on the TrainingJob.
/// </summary>
public sealed record TrainingWarning
{
    /// <summary>The run took fewer optimizer steps than <see cref="OptimizerSteps.Threshold"/>.</summary>
    public const string FewOptimizerSteps = "FewOptimizerSteps";

    /// <summary>The model does not beat the trivial predictor on the task's primary metric on the test split.</summary>
    public const string NoBetterThanTrivial = "NoBetterThanTrivial";

    [Required, Description("Why, in one word: FewOptimizerSteps (epochs × batches per epoch below 500) or NoBetterThanTrivial (no better than predicting the training prior or mean on the test split's primary metric).")]
    public string Reason { get; init; } = "";

    [Required, Description("What happened, with the numbers, and what to change.")]
    public string Message { get; init; } = "";
}
