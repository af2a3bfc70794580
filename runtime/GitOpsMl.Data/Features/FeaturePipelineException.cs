using GitOpsMl.Api.Failures;
using GitOpsMl.Data.Reading;

namespace GitOpsMl.Data.Features;

/// <summary>
/// A feature set or label that cannot be fitted on this schema and data: a transform on the wrong
/// column type, a timestamp or id used as a feature (<see cref="FailureKind.InvalidSpec"/>), or a
/// binary label with three classes in the training split (<see cref="FailureKind.InvalidData"/>).
/// Permanent either way: retrying with the same spec and data cannot succeed.
/// </summary>
public sealed class FeaturePipelineException : GitOpsMlFailure
{
    public FeaturePipelineException(SpecRefusal reason, string message, string? column = null)
        : base(FailureKind.InvalidSpec, reason.ToString(), message) => Column = column;

    public FeaturePipelineException(DataRefusalReason reason, string message, string? column = null)
        : base(FailureKind.InvalidData, reason.ToString(), message) => Column = column;

    /// <summary>The feature or label column at fault, when there is one.</summary>
    public string? Column { get; }
}
