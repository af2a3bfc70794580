namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// client-go's work queue: an item waits at most once (adding a queued item again does nothing),
/// an item being processed is never handed out twice (added meanwhile, it is queued again when
/// <see cref="Done"/> is called), delayed adds through <see cref="TimeProvider"/> timers keep the
/// earliest, and failures back off per item until <see cref="Forget"/>.
/// </summary>
public sealed class WorkQueue<T> : IDisposable where T : notnull
{
    private readonly object gate = new();
    private readonly Queue<T> queue = new();
    private readonly HashSet<T> dirty = [];
    private readonly HashSet<T> processing = [];
    private readonly Dictionary<T, (DateTimeOffset Due, ITimer Timer)> waiting = [];
    private readonly Dictionary<T, int> failures = [];
    private readonly SemaphoreSlim ready = new(0);
    private readonly CancellationTokenSource shutdown = new();
    private readonly TimeProvider time;
    private readonly BackoffPolicy backoff;
    private readonly Func<double> random;
    private readonly Action<int>? depthChanged;

    public WorkQueue(TimeProvider time, BackoffPolicy? backoff = null, Func<double>? random = null, Action<int>? depthChanged = null)
    {
        this.time = time;
        this.backoff = backoff ?? new BackoffPolicy();
        this.random = random ?? Random.Shared.NextDouble;
        this.depthChanged = depthChanged;
    }

    /// <summary>Items waiting to be handed out (not those being processed or delayed).</summary>
    public int Count { get { lock (gate) return queue.Count; } }

    public bool IsShutDown => shutdown.IsCancellationRequested;

    public void Add(T item)
    {
        int depth;
        lock (gate)
        {
            if (shutdown.IsCancellationRequested || !dirty.Add(item)) return;
            if (processing.Contains(item)) return;
            queue.Enqueue(item);
            depth = queue.Count;
        }
        ready.Release();
        depthChanged?.Invoke(depth);
    }

    /// <summary>Adds the item once <paramref name="delay"/> has passed; a pending earlier add wins over a later one.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero) { Add(item); return; }
        lock (gate)
        {
            if (shutdown.IsCancellationRequested) return;
            var due = time.GetUtcNow() + delay;
            if (waiting.TryGetValue(item, out var pending))
            {
                if (pending.Due <= due) return;
                pending.Timer.Dispose();
            }
            ITimer? timer = null;
            timer = time.CreateTimer(_ =>
            {
                lock (gate)
                {
                    // Only the timer still registered for the item adds it (a replaced one was disposed, but may already run).
                    if (!waiting.TryGetValue(item, out var current) || !ReferenceEquals(current.Timer, timer)) return;
                    waiting.Remove(item);
                }
                timer!.Dispose();
                Add(item);
            }, null, delay, Timeout.InfiniteTimeSpan);
            waiting[item] = (due, timer);
        }
    }

    /// <summary>Adds the item after its backoff delay and counts a failure; returns the delay.</summary>
    public TimeSpan AddRateLimited(T item)
    {
        int n;
        lock (gate)
        {
            failures.TryGetValue(item, out n);
            failures[item] = ++n;
        }
        var delay = backoff.Delay(n, random());
        AddAfter(item, delay);
        return delay;
    }

    /// <summary>Clears the item's failure count (a reconcile succeeded or concluded).</summary>
    public void Forget(T item) { lock (gate) failures.Remove(item); }

    public int Failures(T item) { lock (gate) return failures.GetValueOrDefault(item); }

    /// <summary>Waits for the next item; it is the caller's until <see cref="Done"/>. Throws <see cref="OperationCanceledException"/> on shutdown.</summary>
    public async Task<T> GetAsync(CancellationToken ct = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, shutdown.Token);
        await ready.WaitAsync(linked.Token).ConfigureAwait(false);
        T item;
        int depth;
        lock (gate)
        {
            item = queue.Dequeue();
            dirty.Remove(item);
            processing.Add(item);
            depth = queue.Count;
        }
        depthChanged?.Invoke(depth);
        return item;
    }

    /// <summary>Ends processing of the item; if it was added meanwhile it is queued again now.</summary>
    public void Done(T item)
    {
        int depth;
        lock (gate)
        {
            processing.Remove(item);
            if (!dirty.Contains(item) || shutdown.IsCancellationRequested) return;
            queue.Enqueue(item);
            depth = queue.Count;
        }
        ready.Release();
        depthChanged?.Invoke(depth);
    }

    public void ShutDown()
    {
        lock (gate)
        {
            if (shutdown.IsCancellationRequested) return;
            shutdown.Cancel();
            foreach (var (_, timer) in waiting.Values) timer.Dispose();
            waiting.Clear();
        }
    }

    public void Dispose()
    {
        ShutDown();
        shutdown.Dispose();
        ready.Dispose();
    }
}
