using GitOpsMl.Api.Common;
using GitOpsMl.Api.References;

namespace GitOpsMl.Api.Validation;

/// <summary>
/// The objects of one validate run: those that passed their schema, indexed for reference checks, and
/// those that did not, known by key, so a reference to one says "invalid" instead of "not found".
/// </summary>
internal sealed class ManifestSet
{
    private readonly Dictionary<ObjectKey, InvalidManifestObject> _invalid = [];

    public ManifestSet(IReadOnlyList<ManifestObject> objects, IReadOnlyList<InvalidManifestObject> invalid)
    {
        Index = new ObjectIndex<ManifestObject>(objects, o => o.Resource);
        Invalid = invalid;
        foreach (var o in invalid) _invalid.TryAdd(o.Key, o);
    }

    public ObjectIndex<ManifestObject> Index { get; }

    public IReadOnlyList<InvalidManifestObject> Invalid { get; }

    /// <summary>
    /// Why a reference to <paramref name="key"/> did not resolve: the target failed its schema (and where
    /// to read why), or nothing has that key; "did you mean" then offers every object of the kind, valid or not.
    /// </summary>
    public string Unresolved(ObjectKey key)
    {
        if (_invalid.TryGetValue(key, out var target))
            return $"{key.Kind} \"{key.Name}\" is invalid; see its errors at {target.File}:{target.Start.Line}";
        var candidates = Index.Names(key.Kind, key.Namespace)
            .Concat(_invalid.Keys.Where(k => k.Kind == key.Kind && k.Namespace == key.Namespace).Select(k => k.Name));
        return new Resolution<CustomResource>(key, null, candidates.ToList()).NotFoundMessage;
    }

    /// <summary>Whether a reference written in an object that failed its schema resolves to a valid object.</summary>
    public bool Resolves(WrittenReference reference) => Index.Find(reference.Target) is not null;
}
