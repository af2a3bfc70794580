using System.Collections.Concurrent;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Local.Tests.Store;

/// <summary>A reconciler whose decision a test supplies; it counts calls and the most calls in flight for one key.</summary>
public class TestReconciler(string kind, Func<CustomResource, int, Task<ReconcileResult>> decide) : IReconciler
{
    private readonly ConcurrentDictionary<ObjectKey, int> _inFlight = new();
    private readonly ConcurrentDictionary<ObjectKey, int> _calls = new();
    private int _maxInFlight;

    public string Kind { get; } = kind;
    public int MaxInFlightPerKey => _maxInFlight;
    public int Calls(ObjectKey key) => _calls.GetValueOrDefault(key);

    public async Task<ReconcileResult> ReconcileAsync(CustomResource resource, CancellationToken ct)
    {
        var key = ObjectKey.Of(resource);
        var n = _calls.AddOrUpdate(key, 1, (_, c) => c + 1);
        var now = _inFlight.AddOrUpdate(key, 1, (_, c) => c + 1);
        InterlockedMax(ref _maxInFlight, now);
        try { return await decide(resource, n); }
        finally { _inFlight.AddOrUpdate(key, 0, (_, c) => c - 1); }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    public static ReconcileResult Result(CustomResource r, ReconcileOutcome outcome) =>
        new(r.GetOrNewStatus(), outcome);
}
