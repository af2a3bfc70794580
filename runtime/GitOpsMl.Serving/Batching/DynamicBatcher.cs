using System.Diagnostics;
using System.Collections.Concurrent;
using GitOpsMl.Serving.Inference;
using GitOpsMl.Serving.Options;

namespace GitOpsMl.Serving.Batching;

/// <summary>
/// Merges concurrent requests of one model version into single model runs. Requests wait in a
/// bounded queue (beyond <see cref="BatchingOptions.MaxQueue"/> they are refused, so memory does
/// not grow with overload); <c>workers</c> loops each fill a batch by <see cref="BatchingPolicy"/>
/// and run it; while the queue is overloaded, a request that waited past the target wait is shed
/// instead (<see cref="QueueTimeout"/>). Each row's output depends only on that row, so a request's answer is the same
/// whichever batch it lands in. Closing drains: queued requests still run.
/// </summary>
public sealed class DynamicBatcher : IAsyncDisposable
{
    public delegate float[] RunBatch(IReadOnlyList<RowBatch> rows, int totalRows);

    private readonly ConcurrentQueue<BatchItem> _queue = new();
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 0);
    private readonly RunBatch _run;
    private readonly BatchingOptions _options;
    private readonly ArrivalCounter _arrivals;
    private readonly ArrivalCounter? _inFlight;
    private readonly OverloadSignal _overload;
    private readonly IBatchObserver _observer;
    private readonly int _width;
    private readonly Thread[] _workers;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _depth;
    // One permit per concurrent run: batch threads take one before filling a batch, the caller-runs path only when one is free.
    private readonly SemaphoreSlim _permits;
    private volatile bool _closed;
    // Stopwatch timestamp when a batch thread last found the queue empty: QueueTimeout's overload signal.
    private long _lastEmpty = Stopwatch.GetTimestamp();

    public DynamicBatcher(RunBatch run, int outputWidth, BatchingOptions options, int workers, ArrivalCounter arrivals, IBatchObserver observer, ArrivalCounter? inFlight = null, OverloadSignal? overload = null)
    {
        _run = run;
        _width = outputWidth;
        _options = options;
        _arrivals = arrivals;
        _inFlight = inFlight;
        _overload = overload ?? new OverloadSignal();
        _observer = observer;
        // Dedicated threads, not thread-pool work items: under overload the pool's queue holds
        // thousands of connection work items, and a batch worker queued behind them would stall every request.
        _workers = Enumerable.Range(0, Math.Max(1, workers))
            .Select(i => new Thread(Work) { IsBackground = true, Name = $"gitopsml-batch-{i}" })
            .ToArray();
        _running = _workers.Length;
        _permits = new SemaphoreSlim(_workers.Length, _workers.Length);
        foreach (var t in _workers) t.Start();
    }

    /// <summary>Requests queued and not yet taken by a worker.</summary>
    public int QueueDepth => Math.Max(0, Volatile.Read(ref _depth));

    public EnqueueStatus TryEnqueue(BatchItem item)
    {
        if (_closed) return EnqueueStatus.Closed;
        var depth = Interlocked.Increment(ref _depth);
        // The queue was empty until this arrival (CoDel's "queue emptied" signal, also when no batch thread was awake to see it).
        if (depth == 1) Volatile.Write(ref _lastEmpty, Stopwatch.GetTimestamp());
        if (depth > _options.MaxQueue)
        {
            _overload.Shedding();
            Interlocked.Decrement(ref _depth);
            return EnqueueStatus.QueueFull;
        }
        if (_options.Adaptive && !item.IsShadow && (_inFlight?.Pending ?? 1) <= 1 && _queue.IsEmpty && _arrivals.Pending == 0 && _permits.Wait(0))
        {
            // The only request of the model in the server: batching has nothing to gain, so the caller
            // runs it at once instead of handing it to a batch thread and waiting for that to wake.
            // (Only when alone: under concurrency, inline runs of one row would starve real batches.)
            Interlocked.Decrement(ref _depth);
            try
            {
                if (item.TryTake()) Execute([item], new List<RowBatch>(1), item.Rows.Rows);
            }
            finally
            {
                _permits.Release();
            }
            return EnqueueStatus.Accepted;
        }
        _queue.Enqueue(item);
        _signal.Set();
        return EnqueueStatus.Accepted;
    }

    private void Work()
    {
        var batch = new List<BatchItem>(_options.MaxBatchSize);
        var rows = new List<RowBatch>(_options.MaxBatchSize);
        BatchItem? carry = null;
        while (true)
        {
            if (carry is null && _queue.IsEmpty)
            {
                Volatile.Write(ref _lastEmpty, Stopwatch.GetTimestamp());
                if (_closed) break;
                _signal.Reset();
                if (_queue.IsEmpty && !_closed) _signal.Wait();
                continue;
            }
            _permits.Wait();
            try
            {
                batch.Clear();
                var total = 0;
                long first = 0;
                while (true)
                {
                    while (total < _options.MaxBatchSize)
                    {
                        var item = carry;
                        carry = null;
                        if (item is null)
                        {
                            if (!_queue.TryDequeue(out item))
                            {
                                Volatile.Write(ref _lastEmpty, Stopwatch.GetTimestamp());
                                break;
                            }
                            Interlocked.Decrement(ref _depth);
                            // A shed item completes here, on this thread: its 429 is preformatted and cheap.
                            if (WaitedTooLong(item) && item.TryShed()) continue;
                            if (!item.TryTake()) continue;
                        }
                        if (!BatchingPolicy.Fits(total, item.Rows.Rows, _options.MaxBatchSize))
                        {
                            carry = item;
                            break;
                        }
                        batch.Add(item);
                        total += item.Rows.Rows;
                        if (first == 0) first = item.EnqueuedAt;
                    }
                    if (carry is not null || total == 0 || _closed) break;
                    var decision = BatchingPolicy.Decide(
                        total, _options.MaxBatchSize, Stopwatch.GetElapsedTime(first), BatchDelay(), _options.Adaptive, _arrivals.Pending > 0);
                    if (decision.Dispatch) break;
                    _signal.Reset();
                    // Whole milliseconds, rounded up: a zero-length wait would spin a core for the last fraction.
                    if (_queue.IsEmpty) _signal.Wait((int)Math.Ceiling(decision.Wait.TotalMilliseconds));
                }
                if (total > 0) Execute(batch, rows, total);
            }
            finally
            {
                _permits.Release();
            }
        }
        if (Interlocked.Decrement(ref _running) == 0) _stopped.TrySetResult();
    }

    private bool WaitedTooLong(BatchItem item)
    {
        if (_options.TargetQueueWait is null || item.IsShadow) return false;
        var now = Stopwatch.GetTimestamp();
        return QueueTimeout.Sheds(_options.TargetQueueWait, Stopwatch.GetElapsedTime(item.EnqueuedAt, now),
            Stopwatch.GetElapsedTime(Volatile.Read(ref _lastEmpty), now), _overload.SinceShedding(now));
    }

    private TimeSpan BatchDelay()
    {
        if (_options.TargetQueueWait is null) return _options.MaxDelay;
        var now = Stopwatch.GetTimestamp();
        var overloaded = QueueTimeout.Overloaded(Stopwatch.GetElapsedTime(Volatile.Read(ref _lastEmpty), now), _overload.SinceShedding(now));
        return QueueTimeout.BatchDelay(_options.MaxDelay, _options.TargetQueueWait, overloaded);
    }

    private void Execute(IReadOnlyList<BatchItem> batch, List<RowBatch> rows, int total)
    {
        rows.Clear();
        foreach (var item in batch) rows.Add(item.Rows);
        var started = Stopwatch.GetTimestamp();
        float[] output;
        try
        {
            output = _run(rows, total);
        }
        catch (Exception e)
        {
            foreach (var item in batch) item.Fail(e);
            _observer.RunFailed(batch, e);
            return;
        }
        var ended = Stopwatch.GetTimestamp();
        var runTime = Stopwatch.GetElapsedTime(started, ended);
        foreach (var item in batch)
        {
            item.RunStartedAt = started;
            item.RunEndedAt = ended;
        }
        try
        {
            _observer.BeforeComplete(batch, output, _width);
        }
        catch (Exception)
        {
            // Remembering predictions for feedback is best effort; the answers still go out.
        }
        var offset = 0;
        foreach (var item in batch)
        {
            item.Complete(new BatchOutput(output, offset * _width, item.Rows.Rows, _width) { BatchRequests = batch.Count, BatchRows = total });
            offset += item.Rows.Rows;
        }
        // The batch thread's time per request includes completing (and so writing) the responses, not only the run:
        // that is the throughput the admission bound must be sized from.
        var serviceTime = Stopwatch.GetElapsedTime(started);
        try
        {
            _observer.AfterComplete(batch, output, _width, total, runTime, serviceTime);
        }
        catch (Exception)
        {
            // Statistics must never take the worker down; the observer logs its own failures.
        }
    }

    /// <summary>Stops accepting; queued requests are still run; completes when every worker is done.</summary>
    public async Task CloseAsync()
    {
        _closed = true;
        _signal.Set();
        await _stopped.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);
}
