namespace GitOpsMl.Data.Features;

/// <summary>
/// A feature set or label that cannot be fitted on this schema and data: a transform on the wrong
/// column type, a timestamp or id used as a feature, a binary label with three classes. Permanent:
/// retrying with the same spec and data cannot succeed.
/// </summary>
public sealed class FeaturePipelineException(string message, string? column = null) : Exception(message)
{
    /// <summary>The feature or label column at fault, when there is one.</summary>
    public string? Column { get; } = column;
}
