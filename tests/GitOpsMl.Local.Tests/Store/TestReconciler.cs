using System.Collections.Concurrent;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Local.Tests.Store;

/// <summary>A reconciler whose decision a test supplies; it counts calls and the most calls in flight for one key.</summary>
public class TestReconciler(string kind, Func<CustomResource, int, Task<ReconcileResult>> decide) : IReconciler
{
    private readonly ConcurrentDictionary<ObjectKey, int> inFlight = new();
    private readonly ConcurrentDictionary<ObjectKey, int> calls = new();
    private int maxInFlight;

    public string Kind { get; } = kind;
    public int MaxInFlightPerKey => maxInFlight;
    public int Calls(ObjectKey key) => calls.GetValueOrDefault(key);

    public async Task<ReconcileResult> ReconcileAsync(CustomResource resource, CancellationToken ct)
    {
        var key = ObjectKey.Of(resource);
        var n = calls.AddOrUpdate(key, 1, (_, c) => c + 1);
        var now = inFlight.AddOrUpdate(key, 1, (_, c) => c + 1);
        InterlockedMax(ref maxInFlight, now);
        try { return await decide(resource, n); }
        finally { inFlight.AddOrUpdate(key, 0, (_, c) => c - 1); }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    public static ReconcileResult Result(CustomResource r, ReconcileOutcome outcome) =>
        new(r.GetOrNewStatus(), outcome);
}
