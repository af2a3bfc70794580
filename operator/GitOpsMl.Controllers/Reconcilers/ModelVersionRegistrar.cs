using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Metadata;
using GitOpsMl.Controllers.Observation;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>
/// Registers a finished run as an immutable ModelVersion named by its run key, numbered after the
/// model's existing versions. Registration is idempotent: a version already registered for the key
/// (a crash between create and status) is returned, never duplicated. Numbering is serialised per
/// model so two jobs of one model finishing together do not take the same number.
/// The next number comes from the informer cache (synced before any reconcile) and the last number this
/// registrar gave the model, whichever is higher: the cache may not have seen a version created a moment ago,
/// but this process has. No store list per registration (it made registering many versions quadratic).
/// One control plane registers at a time: on a cluster the operators elect a leader over a Lease and only
/// the leader runs reconcilers (GitOpsMl.Kubernetes.LeaseLeadership); a leader that loses the Lease exits
/// before a standby may start, so two registrars never number one model's versions together.
/// </summary>
public sealed class ModelVersionRegistrar(IObjectStore store, IObjectCache cache, IBundleInspector bundles)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ObjectKey, SemaphoreSlim> _gates = new();

    // Keyed by the model's uid as well, so a model deleted and created again starts from its own versions.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(ObjectKey Model, string? Uid), int> _lastAssigned = new();

    public async Task<ModelVersion> RegisterAsync(TrainingJob job, Model model, string runKey, string versionName, string bundlePath, CancellationToken ct)
    {
        var key = ObjectKey.For("ModelVersion", model.Metadata.Namespace, versionName);
        if (await store.GetAsync(key, ct) is ModelVersion existing) return existing;
        var summary = await bundles.ReadAsync(bundlePath, ct);
        // Numbering is serialised per model only: versions of different models register side by side.
        var gate = _gates.GetOrAdd(ObjectKey.Of(model), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (await store.GetAsync(key, ct) is ModelVersion raced) return raced;
            var modelKey = (ObjectKey.Of(model), model.Metadata.Uid);
            var highest = Math.Max(ModelVersions.Of(cache, model).Select(v => v.Spec.Version).DefaultIfEmpty(0).Max(), _lastAssigned.GetValueOrDefault(modelKey));
            var created = (ModelVersion)await store.CreateAsync(Build(job, model, runKey, versionName, highest + 1, summary), ct);
            _lastAssigned[modelKey] = created.Spec.Version;
            return created;
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.AlreadyExists)
        {
            return (ModelVersion)(await store.GetAsync(key, ct))!;
        }
        finally
        {
            gate.Release();
        }
    }

    private static ModelVersion Build(TrainingJob job, Model model, string runKey, string name, int number, BundleSummary bundle) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = model.Metadata.Namespace,
            Labels = new Dictionary<string, string>
            {
                [GitOpsMlLabels.Model] = model.Metadata.Name,
                [GitOpsMlLabels.TrainingJob] = job.Metadata.Name,
                [GitOpsMlLabels.Run] = runKey[..12],
            },
            OwnerReferences = [new OwnerReference(model.ApiVersion, model.Kind, model.Metadata.Name, model.Metadata.Uid ?? "") { Controller = true }],
        },
        Spec = new ModelVersionSpec
        {
            ModelRef = new LocalObjectReference { Name = model.Metadata.Name },
            Version = number,
            TrainingJobRef = new LocalObjectReference { Name = job.Metadata.Name },
            Artifact = new ArtifactRef { Uri = new Uri(Path.GetFullPath(bundle.Path)).AbsoluteUri, Sha256 = bundle.ModelSha256 },
            Task = Enum.Parse<PredictionTask>(bundle.Task, ignoreCase: true),
            Metrics = new Dictionary<string, double>(bundle.Metrics),
            BaselineMetrics = bundle.Baseline is null ? null : new Dictionary<string, double>(bundle.Baseline),
            SliceMetrics = bundle.Slices.ToDictionary(s => s.Key, s => new Dictionary<string, double>(s.Value)),
            SliceRows = new Dictionary<string, int>(bundle.SliceRows),
            Warnings = bundle.Warnings is { Count: > 0 } warnings ? [.. warnings] : null,
            Lineage = new LineageSpec
            {
                GitCommit = bundle.Lineage.GitCommit ?? job.Metadata.Annotations?.GetValueOrDefault(GitOpsMlAnnotations.Commit),
                DatasetSha256 = bundle.Lineage.DatasetSha256,
                FeatureSetHash = bundle.Lineage.FeatureSetHash,
                SpecHash = bundle.Lineage.SpecHash,
                Seed = bundle.Lineage.Seed,
                Device = bundle.Lineage.Device,
                TorchSharpVersion = bundle.Lineage.TorchSharpVersion,
                OnnxRuntimeVersion = bundle.Lineage.OnnxRuntimeVersion,
                Hyperparameters = new Dictionary<string, string>(bundle.Lineage.Hyperparameters),
                BundleVersion = bundle.Version,
            },
        },
    };
}
