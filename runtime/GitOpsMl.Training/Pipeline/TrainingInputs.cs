using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.References;

namespace GitOpsMl.Training.Pipeline;

/// <summary>The objects one training run needs, resolved from a validated set of manifests.</summary>
public sealed record TrainingInputs(TrainingJob Job, FeatureSet FeatureSet, Dataset Dataset, Model Model)
{
    /// <summary>Finds the job by name (in <paramref name="ns"/> when given) and resolves what it references.</summary>
    /// <exception cref="TrainingInputException">No such job, or several by that name.</exception>
    public static TrainingInputs Resolve(IEnumerable<CustomResource> objects, string jobName, string? ns = null)
    {
        var index = ObjectIndex.Of(objects);
        return For(index, FindJob(index, jobName, ns));
    }

    /// <summary>The TrainingJob a user named; the error lists the jobs there are.</summary>
    public static TrainingJob FindJob<TEntry>(ObjectIndex<TEntry> index, string jobName, string? ns = null) where TEntry : class
    {
        var all = index.Entries.Select(index.ResourceOf).OfType<TrainingJob>().ToList();
        var jobs = all.Where(j => j.Metadata.Name == jobName && (ns is null || ObjectKey.NamespaceOf(j.Metadata.Namespace) == ns)).ToList();
        if (jobs.Count == 0)
        {
            throw new TrainingInputException(all.Count == 0
                ? $"no TrainingJob named {jobName}: the manifests hold no TrainingJob"
                : $"no TrainingJob named {jobName}; the manifests hold: {string.Join(", ", all.Select(j => j.Metadata.Name))}");
        }
        if (jobs.Count > 1) throw new TrainingInputException($"TrainingJob {jobName} exists in several namespaces; pass --namespace");
        return jobs[0];
    }

    /// <summary>Resolves job → feature set → dataset, and the model; the failure names the single missing link.</summary>
    public static TrainingInputs For<TEntry>(ObjectIndex<TEntry> index, TrainingJob job) where TEntry : class
    {
        var fs = Required(index.FeatureSetOf(job), job, "spec.featureSetRef.name");
        var ds = Required(index.DatasetOf(fs), fs, "spec.datasetRef.name");
        var model = Required(index.ModelOf(job), job, "spec.modelRef.name");
        return new TrainingInputs(job, fs, ds, model);
    }

    private static T Required<T>(Resolution<T> resolution, CustomResource referrer, string field) where T : CustomResource =>
        resolution.Target ?? throw GitOpsMlFailure.InvalidSpec(SpecRefusal.ReferenceNotFound, resolution.NotFoundMessage)
            .Concerning(ObjectKey.Of(referrer), field);

    /// <summary>Hash of the feature definition and the dataset schema it reads: part of every version's lineage.</summary>
    public string FeatureSetHash => LineageHashes.FeatureSet(FeatureSet.Spec, Dataset.Spec.Schema);

    /// <summary>Hash of everything that determines the trained bytes: data digest, dataset, features and job spec.</summary>
    public string SpecHash(string datasetSha256) => LineageHashes.Spec(datasetSha256, Dataset.Spec, FeatureSet.Spec, Job.Spec);
}

/// <summary>The job a user named is not among the manifests (or is ambiguous): a usage error, not a spec failure.</summary>
public sealed class TrainingInputException(string message) : Exception(message);
