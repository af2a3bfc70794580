using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training.Pipeline;

/// <summary>The objects one training run needs, resolved from a validated set of manifests.</summary>
public sealed record TrainingInputs(TrainingJob Job, FeatureSet FeatureSet, Dataset Dataset, Model Model)
{
    /// <summary>Resolves job → feature set → dataset, and the model; the error names the single missing link.</summary>
    public static TrainingInputs Resolve(IEnumerable<CustomResource> objects, string jobName, string? ns = null)
    {
        var all = objects.ToList();
        T? Find<T>(string name, string namespaceName) where T : CustomResource =>
            all.OfType<T>().FirstOrDefault(o => o.Metadata.Name == name && (o.Metadata.Namespace ?? "default") == namespaceName);

        var jobs = all.OfType<TrainingJob>().Where(j => j.Metadata.Name == jobName && (ns is null || (j.Metadata.Namespace ?? "default") == ns)).ToList();
        if (jobs.Count == 0)
        {
            var names = all.OfType<TrainingJob>().Select(j => j.Metadata.Name).ToList();
            throw new TrainingInputException(names.Count == 0
                ? $"no TrainingJob named {jobName}: the manifests hold no TrainingJob"
                : $"no TrainingJob named {jobName}; the manifests hold: {string.Join(", ", names)}");
        }
        if (jobs.Count > 1) throw new TrainingInputException($"TrainingJob {jobName} exists in several namespaces; pass --namespace");
        var job = jobs[0];
        var space = job.Metadata.Namespace ?? "default";
        var fs = Find<FeatureSet>(job.Spec.FeatureSetRef.Name, space)
            ?? throw new TrainingInputException($"TrainingJob {jobName}: FeatureSet {job.Spec.FeatureSetRef.Name} not found");
        var ds = Find<Dataset>(fs.Spec.DatasetRef.Name, space)
            ?? throw new TrainingInputException($"FeatureSet {fs.Metadata.Name}: Dataset {fs.Spec.DatasetRef.Name} not found");
        var model = Find<Model>(job.Spec.ModelRef.Name, space)
            ?? throw new TrainingInputException($"TrainingJob {jobName}: Model {job.Spec.ModelRef.Name} not found");
        return new TrainingInputs(job, fs, ds, model);
    }

    /// <summary>Hash of the feature definition and the dataset schema it reads: part of every version's lineage.</summary>
    public string FeatureSetHash => LineageHashes.FeatureSet(FeatureSet.Spec, Dataset.Spec.Schema);

    /// <summary>Hash of everything that determines the trained bytes: data digest, dataset, features and job spec.</summary>
    public string SpecHash(string datasetSha256) => LineageHashes.Spec(datasetSha256, Dataset.Spec, FeatureSet.Spec, Job.Spec);
}

public sealed class TrainingInputException(string message) : Exception(message);
