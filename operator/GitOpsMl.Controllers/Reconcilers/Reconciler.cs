using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>Typed base for one kind's reconciler: the runtime hands over the cached object, this casts it once.</summary>
public abstract class Reconciler<T> : IReconciler where T : CustomResource
{
    public abstract string Kind { get; }

    public Task<ReconcileResult> ReconcileAsync(CustomResource resource, CancellationToken ct) =>
        ReconcileAsync(resource as T ?? throw new ArgumentException($"{Kind} reconciler was given a {resource.Kind}", nameof(resource)), ct);

    protected abstract Task<ReconcileResult> ReconcileAsync(T resource, CancellationToken ct);
}
