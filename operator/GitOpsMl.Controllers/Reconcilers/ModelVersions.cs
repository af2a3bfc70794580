using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>The versions registered for a model, in version order.</summary>
public static class ModelVersions
{
    public static async Task<IReadOnlyList<ModelVersion>> OfAsync(IObjectStore store, Model model, CancellationToken ct)
    {
        var list = await store.ListAsync("ModelVersion", Api.Common.ObjectKey.NamespaceOf(model.Metadata.Namespace), ct);
        return list.Items.OfType<ModelVersion>()
            .Where(v => v.Spec.ModelRef.Name == model.Metadata.Name)
            .OrderBy(v => v.Spec.Version)
            .ToList();
    }
}
