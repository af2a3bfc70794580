using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Controllers.Observation;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>Dataset: read and validate the source (through the probe), then record rows, digest and verdict.</summary>
public sealed class DatasetReconciler(IDatasetProbe probe, DataRootResolver roots, TimeProvider time) : Reconciler<Dataset>
{
    public override string Kind => "Dataset";

    protected override async Task<ReconcileResult> ReconcileAsync(Dataset dataset, CancellationToken ct)
    {
        var root = roots.RootOf(dataset);
        if (root is null && DatasetFileResolver.NeedsRoot(dataset))
        {
            return DatasetPlanner.Plan(dataset, DatasetObservation.Failed(ConditionReasons.NoSourceRoot, DataRootResolver.MissingMessage(dataset), permanent: true), time.GetUtcNow());
        }
        var observation = await probe.ProbeAsync(dataset, root, ct);
        return DatasetPlanner.Plan(dataset, observation, time.GetUtcNow());
    }
}
