using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.References;

/// <summary>
/// One set of objects keyed by <see cref="ObjectKey"/>, and the one place references between them are
/// resolved: validate, train and the controller all follow TrainingJob → FeatureSet → Dataset,
/// → Model, Deployment → Model and Monitor → Deployment through it, so the namespace rule
/// (a reference is to the referrer's namespace, empty meaning "default") lives here alone.
/// </summary>
/// <typeparam name="TEntry">What is indexed: a bare resource, or one with where it came from (a file, a line).</typeparam>
public sealed class ObjectIndex<TEntry> where TEntry : class
{
    private readonly Dictionary<ObjectKey, TEntry> _entries = [];
    private readonly List<(TEntry Entry, TEntry First)> _duplicates = [];
    private readonly Func<TEntry, CustomResource> _resource;

    /// <summary>Indexes <paramref name="entries"/>; the first of two with one key wins, the later one is in <see cref="Duplicates"/>.</summary>
    public ObjectIndex(IEnumerable<TEntry> entries, Func<TEntry, CustomResource> resource)
    {
        _resource = resource;
        foreach (var entry in entries)
        {
            var key = ObjectKey.Of(resource(entry));
            if (_entries.TryGetValue(key, out var first)) _duplicates.Add((entry, first));
            else _entries[key] = entry;
        }
    }

    /// <summary>Later definitions of a key already taken, each with the first definition.</summary>
    public IReadOnlyList<(TEntry Entry, TEntry First)> Duplicates => _duplicates;

    public IEnumerable<TEntry> Entries => _entries.Values;

    public CustomResource ResourceOf(TEntry entry) => _resource(entry);

    public TEntry? Find(ObjectKey key) => _entries.GetValueOrDefault(key);

    public IEnumerable<TEntry> OfKind<TKind>() where TKind : CustomResource =>
        _entries.Values.Where(e => _resource(e) is TKind);

    /// <summary>Names of the objects of one kind in one namespace: the candidates for "did you mean".</summary>
    public IEnumerable<string> Names(string kind, string ns) =>
        _entries.Keys.Where(k => k.Kind == kind && k.Namespace == ns).Select(k => k.Name);

    /// <summary>Resolves a reference of kind <typeparamref name="TKind"/> written in <paramref name="referrer"/>.</summary>
    public Resolution<TKind> Resolve<TKind>(CustomResource referrer, LocalObjectReference reference) where TKind : CustomResource
    {
        var key = ObjectKey.Referenced(KindRegistry.KindOf<TKind>(), referrer, reference);
        return _entries.TryGetValue(key, out var entry) && _resource(entry) is TKind target
            ? new Resolution<TKind>(key, target, [])
            : new Resolution<TKind>(key, null, Names(key.Kind, key.Namespace).ToList());
    }

    public Resolution<FeatureSet> FeatureSetOf(TrainingJob job) => Resolve<FeatureSet>(job, job.Spec.FeatureSetRef);

    public Resolution<Model> ModelOf(TrainingJob job) => Resolve<Model>(job, job.Spec.ModelRef);

    public Resolution<Dataset> DatasetOf(FeatureSet featureSet) => Resolve<Dataset>(featureSet, featureSet.Spec.DatasetRef);

    public Resolution<Model> ModelOf(Deployment deployment) => Resolve<Model>(deployment, deployment.Spec.ModelRef);

    public Resolution<Deployment> DeploymentOf(Kinds.Monitor monitor) => Resolve<Deployment>(monitor, monitor.Spec.DeploymentRef);

    /// <summary>The TrainingJobs that train <paramref name="model"/>, in name order.</summary>
    public IEnumerable<TrainingJob> JobsTraining(Model model)
    {
        var ns = ObjectKey.NamespaceOf(model.Metadata.Namespace);
        return _entries.Values.Select(_resource).OfType<TrainingJob>()
            .Where(j => ObjectKey.NamespaceOf(j.Metadata.Namespace) == ns && j.Spec.ModelRef.Name == model.Metadata.Name)
            .OrderBy(j => j.Metadata.Name, StringComparer.Ordinal);
    }

    /// <summary>The indexed entry of a resource (by key, never by reference identity).</summary>
    public TEntry EntryOf(CustomResource resource) =>
        Find(ObjectKey.Of(resource)) ?? throw new KeyNotFoundException($"{ObjectKey.Of(resource)} is not in this index");
}

/// <summary>Builds indexes of bare resources, the shape train and the controller hold.</summary>
public static class ObjectIndex
{
    public static ObjectIndex<CustomResource> Of(IEnumerable<CustomResource> resources) => new(resources, r => r);
}
