using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>FeatureSet: Ready when its Dataset is Ready and every feature, label and prohibited column fits the Dataset's schema.</summary>
public sealed class FeatureSetReconciler(IObjectStore store, TimeProvider time) : Reconciler<FeatureSet>
{
    public override string Kind => "FeatureSet";

    protected override async Task<ReconcileResult> ReconcileAsync(FeatureSet featureSet, CancellationToken ct)
    {
        var dataset = await store.GetAsync(ObjectKey.Referenced("Dataset", featureSet, featureSet.Spec.DatasetRef), ct) as Dataset;
        return FeatureSetPlanner.Plan(featureSet, dataset, time.GetUtcNow());
    }
}
