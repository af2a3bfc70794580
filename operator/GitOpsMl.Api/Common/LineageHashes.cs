using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Api.Common;

/// <summary>
/// The content hashes of a model's lineage, in one place: the trainer writes them into every
/// bundle and the controller names runs by them, so "same inputs" means the same thing to both.
/// </summary>
public static class LineageHashes
{
    /// <summary>The feature definition and the dataset schema it reads.</summary>
    public static string FeatureSet(FeatureSetSpec featureSet, IReadOnlyList<ColumnSpec> schema) =>
        ContentHash.Of(new { featureSet, schema });

    /// <summary>Everything that determines the trained bytes: data digest, dataset, features and job spec.</summary>
    public static string Spec(string datasetSha256, DatasetSpec dataset, FeatureSetSpec featureSet, TrainingJobSpec job) =>
        ContentHash.Of(new { datasetSha256, dataset, featureSet, job });
}
