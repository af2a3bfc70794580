using System.Collections.Concurrent;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Local.Tests.Store;

/// <summary>A test reconciler that holds a finalizer and records what it finalized.</summary>
public sealed class FinalizingTestReconciler(string kind, Func<CustomResource, int, Task<ReconcileResult>> decide)
    : TestReconciler(kind, decide), IFinalizingReconciler
{
    public string Finalizer => "gitopsml.io/test";
    public ConcurrentBag<ObjectKey> Finalized { get; } = [];

    public Task FinalizeAsync(CustomResource resource, CancellationToken ct)
    {
        Finalized.Add(ObjectKey.Of(resource));
        return Task.CompletedTask;
    }
}
