using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// One kind's reconciler: observe → plan (pure) → apply → status. Called with the latest cached
/// object, at most once at a time per object. Deleted objects are not passed here (children are
/// cleaned by owner references; <see cref="IFinalizingReconciler"/> for outside state).
/// </summary>
public interface IReconciler
{
    /// <summary>The kind this reconciler owns, as in <c>KindRegistry</c>.</summary>
    string Kind { get; }

    Task<ReconcileResult> ReconcileAsync(CustomResource resource, CancellationToken ct);
}

/// <summary>A reconciler that holds state outside the store (processes, artifacts) and cleans it on deletion via a finalizer.</summary>
public interface IFinalizingReconciler : IReconciler
{
    string Finalizer { get; }

    Task FinalizeAsync(CustomResource resource, CancellationToken ct);
}
