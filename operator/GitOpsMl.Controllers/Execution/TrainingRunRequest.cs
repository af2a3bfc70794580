using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Execution;

/// <summary>
/// Everything a run needs: the resolved objects (Dataset, FeatureSet, TrainingJob, Model) as they
/// are in the store, the job to run, and the folder data paths resolve against (the repository root
/// the manifests came from; null for a url source, which needs none). The bundle is written to a location the executor chooses and reports.
/// </summary>
public sealed record TrainingRunRequest(
    string RunName,
    ObjectKey Job,
    IReadOnlyList<CustomResource> Objects,
    string? DataRoot,
    TimeSpan? Timeout);
