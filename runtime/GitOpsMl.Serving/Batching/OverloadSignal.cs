using System.Diagnostics;

namespace GitOpsMl.Serving.Batching;

/// <summary>
/// When a model last shed a request because it was full (its admission bound or a version's queue
/// bound reached): the overload signal <see cref="QueueTimeout"/> reads. One per model, shared by
/// its versions' batchers; writes race benignly (any recent timestamp will do).
/// </summary>
public sealed class OverloadSignal
{
    private long _lastShed;

    public void Shedding() => Volatile.Write(ref _lastShed, Stopwatch.GetTimestamp());

    /// <summary>Time since the last shed; <see cref="TimeSpan.MaxValue"/> when nothing was ever shed.</summary>
    public TimeSpan SinceShedding(long now) => Volatile.Read(ref _lastShed) is var last and not 0 ? Stopwatch.GetElapsedTime(last, now) : TimeSpan.MaxValue;
}
