namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>Reconcile durations from the runtime's histogram, over every kind or one.</summary>
public sealed record LatencySummary(string Kind, double Reconciles, double? P50Ms, double? P99Ms);

/// <summary>What one control-plane run without training measured.</summary>
public sealed record ReadyRun(
    string Label,
    int Objects,
    int ReadyObjects,
    int ModelVersions,
    double ApplySeconds,
    double ReadySeconds,
    bool TimedOut,
    IReadOnlyList<LatencySummary> Latency,
    MemorySample Empty,
    MemorySample Full,
    int ReconcileErrors);

/// <summary>Process memory after a full, compacting GC.</summary>
public sealed record MemorySample(double RssMb, double GcHeapMb)
{
    public static MemorySample Take()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        self.Refresh();
        return new MemorySample(self.WorkingSet64 / 1048576.0, heap / 1048576.0);
    }
}
