using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Execution;

namespace GitOpsMl.Controllers.Planning;

/// <summary>What a TrainingJob reconcile saw: its dependencies, its run key, the current attempt's run and the version registered for the key.</summary>
public sealed record TrainingJobObservation(
    FeatureSet? FeatureSet,
    Dataset? Dataset,
    Model? Model,
    string? RunKey,
    int Attempt,
    TrainingRunState? Run,
    ModelVersion? Registered)
{
    /// <summary>The run of the key the status last named, when the key has changed since and that run was still in progress.</summary>
    public TrainingRunState? Superseded { get; init; }
}
