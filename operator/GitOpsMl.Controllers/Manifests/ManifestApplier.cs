using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Metadata;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Manifests;

/// <summary>
/// `kubectl apply` for a validated manifest set: each object is created, or its spec and metadata
/// updated (the store bumps generation only when the spec changed), stamped with the repository root
/// its data paths resolve against, its file and its git commit. Only a valid set reaches here, so a
/// set is never half-applied because of bad input. The one applier of `gitopsml apply`, `gitopsml up`
/// and the GitSource reconciler.
/// </summary>
public static class ManifestApplier
{
    public sealed record Applied(ObjectKey Key, string Action);

    public static async Task<IReadOnlyList<Applied>> ApplyAsync(IObjectStore store, ManifestSetReader.Result read, ApplyStamp stamp, CancellationToken ct)
    {
        var results = new List<Applied>();
        foreach (var o in read.Report!.Objects)
        {
            var file = read.FullPathOf(o);
            var annotations = new Dictionary<string, string>(o.Resource.Metadata.Annotations ?? [])
            {
                [GitOpsMlAnnotations.SourceRoot] = RepositoryRoot.For(file),
                [GitOpsMlAnnotations.SourceFile] = file,
            };
            if (stamp.CommitOf(o, file) is { } commit) annotations[GitOpsMlAnnotations.Commit] = commit;
            Dictionary<string, string>? labels = o.Resource.Metadata.Labels;
            if (stamp.Labels.Count > 0)
            {
                labels = new Dictionary<string, string>(o.Resource.Metadata.Labels ?? []);
                foreach (var (name, value) in stamp.Labels) labels[name] = value;
            }
            var desired = o.Resource with
            {
                Metadata = o.Resource.Metadata with { Namespace = ObjectKey.NamespaceOf(o.Resource.Metadata.Namespace), Annotations = annotations, Labels = labels },
            };
            results.Add(await ApplyOneAsync(store, desired, ct));
        }
        return results;
    }

    public static async Task<Applied> ApplyOneAsync(IObjectStore store, CustomResource desired, CancellationToken ct)
    {
        var key = ObjectKey.Of(desired);
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetAsync(key, ct);
            try
            {
                if (current is null)
                {
                    await store.CreateAsync(desired.WithStatus(null), ct);
                    return new Applied(key, "created");
                }
                var merged = desired.WithStatus(current.GetStatus()) with
                {
                    Metadata = current.Metadata with { Labels = desired.Metadata.Labels, Annotations = MergeAnnotations(current, desired) },
                };
                if (ContentHash.Of(merged) == ContentHash.Of(current)) return new Applied(key, "unchanged");
                var updated = await store.UpdateAsync(merged, ct);
                return new Applied(key, updated.Metadata.Generation != current.Metadata.Generation ? "configured" : "configured (metadata)");
            }
            catch (StoreException e) when (e.Kind is StoreErrorKind.Conflict or StoreErrorKind.AlreadyExists && attempt < 5)
            {
                // Someone (the control plane writing status) moved the object between our read and write: read again.
            }
        }
    }

    /// <summary>
    /// `kubectl apply --prune` / Flux's prune: objects applied earlier from the same repository root
    /// (the source-root annotation) that the set no longer holds are deleted; what they own follows
    /// by cascade. Objects from other roots and operator-owned kinds (ModelVersion) are never touched.
    /// </summary>
    public static Task<IReadOnlyList<Applied>> PruneAsync(IObjectStore store, ManifestSetReader.Result read, CancellationToken ct)
    {
        var roots = read.Report!.Objects.Select(o => RepositoryRoot.For(read.FullPathOf(o))).ToHashSet(StringComparer.Ordinal);
        var kept = read.Report.Objects.Select(o => ObjectKey.Of(o.Resource)).ToHashSet();
        return PruneAsync(store, kept,
            item => item.Metadata.Annotations?.GetValueOrDefault(GitOpsMlAnnotations.SourceRoot) is { } root && roots.Contains(root), ct);
    }

    /// <summary>
    /// Deletes every object <paramref name="applies"/> claims (by its source root, or a GitSource's labels)
    /// that is not in <paramref name="kept"/>; operator-owned kinds (ModelVersion) are never listed.
    /// </summary>
    public static async Task<IReadOnlyList<Applied>> PruneAsync(IObjectStore store, IReadOnlySet<ObjectKey> kept, Func<CustomResource, bool> applies, CancellationToken ct)
    {
        var pruned = new List<Applied>();
        foreach (var kind in Api.Schema.KindRegistry.All.Where(k => !k.Names.OperatorOwned))
        {
            foreach (var item in (await store.ListAsync(kind.Kind, null, ct)).Items)
            {
                var key = ObjectKey.Of(item);
                if (kept.Contains(key) || !applies(item)) continue;
                try
                {
                    await store.DeleteAsync(key, ct);
                    pruned.Add(new Applied(key, "pruned"));
                }
                catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound) { }
            }
        }
        return pruned;
    }

    /// <summary>The user's annotations replace the previous user annotations; ones the control plane set (retrain requests) stay.</summary>
    private static Dictionary<string, string> MergeAnnotations(CustomResource current, CustomResource desired)
    {
        var merged = new Dictionary<string, string>(desired.Metadata.Annotations ?? []);
        if (current.Metadata.Annotations?.GetValueOrDefault(GitOpsMlAnnotations.RetrainRequested) is { } retrain)
            merged.TryAdd(GitOpsMlAnnotations.RetrainRequested, retrain);
        return merged;
    }
}
