using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Metadata;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// Names derived from content, so a crash and restart never duplicates work: one run key per
/// (spec hash + dataset sha256 + feature-set hash [+ retrain request]), one run name per attempt,
/// one ModelVersion name per run key.
/// </summary>
public static class TrainingRuns
{
    /// <summary>The run key: the lineage spec hash, plus the retrain request when a Monitor asked for one.</summary>
    public static string Key(TrainingJob job, FeatureSet featureSet, Dataset dataset, string datasetSha256)
    {
        var spec = LineageHashes.Spec(datasetSha256, dataset.Spec, featureSet.Spec, job.Spec);
        var retrain = job.Metadata.Annotations?.GetValueOrDefault(GitOpsMlAnnotations.RetrainRequested);
        return retrain is null ? spec : ContentHash.Of(new { spec, retrain });
    }

    public static string RunName(TrainingJob job, string key, int attempt) => $"{job.Metadata.Name}-{key[..10]}-{attempt}";

    public static string ModelVersionName(string model, string key) => $"{model}-{key[..10]}";
}
