using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Options;

namespace GitOpsMl.Serving.Batching;

/// <summary>
/// How many requests of a model may be in flight before new ones are shed with 429 (before their
/// body is read). By Little's law an admitted request waits about queued ÷ throughput, so the queue
/// is bounded at target wait × measured throughput; the batches that can run at once are always
/// admitted on top, and the configured MaxQueue stays the ceiling.
/// </summary>
public static class AdmissionBound
{
    public static int Compute(TimeSpan? targetWait, double secondsPerRequest, int concurrentRuns, int maxBatchSize, int maxQueue)
    {
        var running = maxBatchSize * concurrentRuns;
        if (targetWait is not { } wait || wait <= TimeSpan.Zero || double.IsNaN(secondsPerRequest) || secondsPerRequest <= 0) return maxQueue + running;
        var throughput = concurrentRuns / secondsPerRequest;
        var queued = (int)Math.Min(maxQueue, Math.Ceiling(wait.TotalSeconds * throughput));
        return queued + running;
    }

    /// <summary>The bound for <paramref name="model"/> from its stable version's measured service time.</summary>
    public static int For(ServedModel model, ServingOptions options) => Compute(
        options.Batching.TargetQueueWait,
        model.Route?.Stable.ServiceTime.SecondsPerRequest ?? double.NaN,
        options.Onnx.ConcurrentRuns,
        options.Batching.MaxBatchSize,
        options.Batching.MaxQueue);
}
