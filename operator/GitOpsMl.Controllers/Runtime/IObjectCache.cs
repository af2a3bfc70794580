using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// Read access to the informers' in-memory copies of every kind (controller-runtime's cached client):
/// what reconcilers read other objects through. Copies may lag the store by one watch event.
/// </summary>
public interface IObjectCache
{
    CustomResource? Get(ObjectKey key);

    T? Get<T>(ObjectKey key) where T : CustomResource => Get(key) as T;

    /// <summary>Every cached object of <paramref name="kind"/>, in <paramref name="ns"/> or all namespaces.</summary>
    IReadOnlyList<CustomResource> List(string kind, string? ns = null);
}
