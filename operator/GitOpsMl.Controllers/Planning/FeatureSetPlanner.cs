using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// FeatureSet status: waits on its Dataset; stalls when a column it names is not in the Dataset's
/// schema (validate catches this offline; a Dataset changed alone in the cluster can still break it).
/// The hash covers the feature definition and the schema it reads, as in every version's lineage.
/// </summary>
public static class FeatureSetPlanner
{
    public static ReconcileResult Plan(FeatureSet featureSet, Dataset? dataset, DateTimeOffset now)
    {
        var previous = featureSet.Status ?? new FeatureSetStatus();
        var generation = featureSet.Metadata.Generation;
        var datasetName = featureSet.Spec.DatasetRef.Name;
        if (dataset is null)
        {
            return Waiting(previous, ConditionReasons.DependencyNotFound, $"Dataset {datasetName} not found", generation, now);
        }
        var columns = dataset.Spec.Schema.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = FeatureColumns(featureSet).Where(c => !columns.Contains(c.Column)).ToList();
        if (missing.Count > 0)
        {
            var message = string.Join("; ", missing.Select(m => $"{m.Path}: column {m.Column} is not in Dataset {datasetName}'s schema"));
            var stalled = previous with { Hash = null, Conditions = ConditionList.Set(previous.Conditions, ConditionTypes.Validated, ConditionStatus.False, ConditionReasons.InvalidSpec, message, now, generation) };
            return new ReconcileResult(stalled, new ReconcileOutcome.Stalled(ConditionReasons.InvalidSpec, message));
        }
        if (!Readiness.IsReady(dataset))
        {
            return Waiting(previous, ConditionReasons.DependencyNotReady, Readiness.Describe(dataset), generation, now);
        }
        var hash = LineageHashes.FeatureSet(featureSet.Spec, dataset.Spec.Schema);
        var status = previous with
        {
            Hash = hash,
            Conditions = ConditionList.Set(previous.Conditions, ConditionTypes.Validated, ConditionStatus.True, ConditionReasons.Validated,
                $"{featureSet.Spec.Features.Count} features over Dataset {datasetName}", now, generation),
        };
        return new ReconcileResult(status, new ReconcileOutcome.Succeeded());
    }

    private static ReconcileResult Waiting(FeatureSetStatus previous, string reason, string message, long? generation, DateTimeOffset now) =>
        new(previous with { Hash = null, Conditions = ConditionList.Set(previous.Conditions, ConditionTypes.Validated, ConditionStatus.Unknown, reason, message, now, generation) },
            new ReconcileOutcome.Waiting(reason, message, TimeSpan.FromSeconds(30)));

    private static IEnumerable<(string Path, string Column)> FeatureColumns(FeatureSet featureSet)
    {
        var spec = featureSet.Spec;
        for (var i = 0; i < spec.Features.Count; i++) yield return ($"spec.features[{i}].column", spec.Features[i].Column);
        yield return ("spec.label.column", spec.Label.Column);
    }
}
