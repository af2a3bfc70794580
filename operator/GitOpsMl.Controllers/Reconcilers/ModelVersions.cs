using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>The versions registered for a model, in version order.</summary>
public static class ModelVersions
{
    /// <summary>
    /// From the informer cache: what reconcilers that only read versions use, so a reconcile costs no store
    /// list (a list of every version in the namespace per reconcile made many models quadratic).
    /// </summary>
    public static IReadOnlyList<ModelVersion> Of(IObjectCache cache, Model model) =>
        Order(cache.List("ModelVersion", ObjectKey.NamespaceOf(model.Metadata.Namespace)), model);

    /// <summary>Whether a version's phase can no longer change: a cached copy in such a phase is as good as a fresh one.</summary>
    public static bool IsSettled(ModelVersion version) =>
        version.Status?.Phase is ModelVersionPhase.Approved or ModelVersionPhase.Rejected or ModelVersionPhase.Retired;

    private static List<ModelVersion> Order(IEnumerable<CustomResource> items, Model model) =>
        items.OfType<ModelVersion>().Where(v => v.Spec.ModelRef.Name == model.Metadata.Name).OrderBy(v => v.Spec.Version).ToList();
}
