using System.Diagnostics;
using GitOpsMl.Serving.Inference;

namespace GitOpsMl.Serving.Batching;

/// <summary>
/// One request waiting in a batcher. A worker takes it exactly once; a request that timed out or
/// was cancelled while still queued is abandoned and skipped, so it never costs a model run.
/// </summary>
public sealed class BatchItem(RowBatch rows, string requestId, long enqueuedAt, bool shadow = false, string? alias = null)
{
    private const int Queued = 0, Taken = 1, Abandoned = 2, Shed = 3;
    // Continuations run inline on the completing (batch worker) thread: see DynamicBatcher.
    private readonly TaskCompletionSource<BatchOutput> _result = new(TaskCreationOptions.None);
    private int _state;

    public RowBatch Rows { get; } = rows;

    public string RequestId { get; } = requestId;

    /// <summary>The client's body id when it differs from <see cref="RequestId"/>: feedback may name either.</summary>
    public string? Alias { get; } = alias == requestId ? null : alias;

    /// <summary>Stopwatch timestamp of arrival in the queue.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    /// <summary>A shadow copy: its answer is only compared, never returned.</summary>
    public bool IsShadow { get; } = shadow;

    public Task<BatchOutput> Result => _result.Task;

    /// <summary>Stopwatch timestamp when a worker (or the caller, running it inline) took the item; 0 until then.</summary>
    public long TakenAt { get; private set; }

    /// <summary>Stopwatch timestamps of the start and end of the model run that served the item (set before it completes).</summary>
    public long RunStartedAt { get; internal set; }

    /// <inheritdoc cref="RunStartedAt"/>
    public long RunEndedAt { get; internal set; }

    public bool TryTake()
    {
        if (Interlocked.CompareExchange(ref _state, Taken, Queued) != Queued) return false;
        TakenAt = Stopwatch.GetTimestamp();
        return true;
    }

    /// <summary>
    /// Sheds a still-queued item (it waited past its target while the queue was overloaded): it
    /// completes at once without a run, with <see cref="WasShed"/> set and an empty output, so the
    /// request answers 429 — no exception on the hot path. False when it was already taken or abandoned.
    /// </summary>
    public bool TryShed()
    {
        if (Interlocked.CompareExchange(ref _state, Shed, Queued) != Queued) return false;
        _result.TrySetResult(default);
        return true;
    }

    /// <summary>The item was shed from the queue instead of run.</summary>
    public bool WasShed => Volatile.Read(ref _state) == Shed;

    /// <summary>Marks a still-queued item as not wanted any more; false when a worker already took it.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;

    internal void Complete(BatchOutput output) => _result.TrySetResult(output);

    /// <summary>The request gave up waiting (timeout): dropped if still queued, and its task fails with <see cref="TimeoutException"/>.</summary>
    public void TimeOut()
    {
        TryAbandon();
        _result.TrySetException(new TimeoutException());
    }

    /// <summary>The client went away: dropped if still queued, and its task is cancelled.</summary>
    public void Cancel()
    {
        TryAbandon();
        _result.TrySetCanceled();
    }

    internal void Fail(Exception error) => _result.TrySetException(error);
}
