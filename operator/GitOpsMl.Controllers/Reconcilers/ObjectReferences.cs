using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>
/// Every reference an object makes, as keys, and the reverse: which objects of a kind refer to a
/// given one. Watches use the reverse (a changed Dataset re-reconciles its FeatureSets, a Monitor's
/// verdict its Deployment) so that a dependency becoming ready is acted on at once, not at the next poll.
/// </summary>
public static class ObjectReferences
{
    public static IEnumerable<ObjectKey> Of(CustomResource resource) => resource switch
    {
        FeatureSet fs => [ObjectKey.Referenced("Dataset", fs, fs.Spec.DatasetRef)],
        TrainingJob job => [ObjectKey.Referenced("FeatureSet", job, job.Spec.FeatureSetRef), ObjectKey.Referenced("Model", job, job.Spec.ModelRef)],
        ModelVersion version => [ObjectKey.Referenced("Model", version, version.Spec.ModelRef), ObjectKey.Referenced("TrainingJob", version, version.Spec.TrainingJobRef)],
        Deployment deployment => [ObjectKey.Referenced("Model", deployment, deployment.Spec.ModelRef)],
        Api.Kinds.Monitor monitor => monitor.Spec.Actions?.RetrainJobRef is { } retrain
            ? [ObjectKey.Referenced("Deployment", monitor, monitor.Spec.DeploymentRef), ObjectKey.Referenced("TrainingJob", monitor, retrain)]
            : [ObjectKey.Referenced("Deployment", monitor, monitor.Spec.DeploymentRef)],
        _ => [],
    };

    /// <summary>Objects of <paramref name="kind"/> in the cache that refer to <paramref name="target"/>.</summary>
    public static IEnumerable<ObjectKey> Referrers(IObjectCache cache, string kind, CustomResource target)
    {
        var key = ObjectKey.Of(target);
        return cache.List(kind, key.Namespace).Where(o => Of(o).Contains(key)).Select(ObjectKey.Of);
    }

    /// <summary>The objects of <paramref name="kind"/> that <paramref name="source"/> refers to.</summary>
    public static IEnumerable<ObjectKey> Targets(CustomResource source, string kind) => Of(source).Where(k => k.Kind == kind);
}
