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
    ModelVersion? Registered);
