namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// client-go's work queue: an item waits at most once (adding a queued item again does nothing),
/// an item being processed is never handed out twice (added meanwhile, it is queued again when
/// <see cref="Done"/> is called), delayed adds through <see cref="TimeProvider"/> timers keep the
/// earliest, and failures back off per item until <see cref="Forget"/>.
/// </summary>
public sealed class WorkQueue<T> : IDisposable where T : notnull
{
    private readonly object _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Dictionary<T, (DateTimeOffset Due, ITimer Timer)> _waiting = [];
    private readonly Dictionary<T, int> _failures = [];
    private readonly SemaphoreSlim _ready = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeProvider _time;
    private readonly BackoffPolicy _backoff;
    private readonly Func<double> _random;
    private readonly Action<int>? _depthChanged;

    public WorkQueue(TimeProvider time, BackoffPolicy? backoff = null, Func<double>? random = null, Action<int>? depthChanged = null)
    {
        this._time = time;
        this._backoff = backoff ?? new BackoffPolicy();
        this._random = random ?? Random.Shared.NextDouble;
        this._depthChanged = depthChanged;
    }

    /// <summary>Items waiting to be handed out (not those being processed or delayed).</summary>
    public int Count { get { lock (_gate) return _queue.Count; } }

    public bool IsShutDown => _shutdown.IsCancellationRequested;

    public void Add(T item)
    {
        int depth;
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested || !_dirty.Add(item)) return;
            if (_processing.Contains(item)) return;
            _queue.Enqueue(item);
            depth = _queue.Count;
        }
        _ready.Release();
        _depthChanged?.Invoke(depth);
    }

    /// <summary>Adds the item once <paramref name="delay"/> has passed; a pending earlier add wins over a later one.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero) { Add(item); return; }
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested) return;
            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(item, out var pending))
            {
                if (pending.Due <= due) return;
                pending.Timer.Dispose();
            }
            ITimer? timer = null;
            timer = _time.CreateTimer(_ =>
            {
                lock (_gate)
                {
                    // Only the timer still registered for the item adds it (a replaced one was disposed, but may already run).
                    if (!_waiting.TryGetValue(item, out var current) || !ReferenceEquals(current.Timer, timer)) return;
                    _waiting.Remove(item);
                }
                timer!.Dispose();
                Add(item);
            }, null, delay, Timeout.InfiniteTimeSpan);
            _waiting[item] = (due, timer);
        }
    }

    /// <summary>Adds the item after its backoff delay and counts a failure; returns the delay.</summary>
    public TimeSpan AddRateLimited(T item)
    {
        int n;
        lock (_gate)
        {
            _failures.TryGetValue(item, out n);
            _failures[item] = ++n;
        }
        var delay = _backoff.Delay(n, _random());
        AddAfter(item, delay);
        return delay;
    }

    /// <summary>Clears the item's failure count (a reconcile succeeded or concluded).</summary>
    public void Forget(T item) { lock (_gate) _failures.Remove(item); }

    public int Failures(T item) { lock (_gate) return _failures.GetValueOrDefault(item); }

    /// <summary>Waits for the next item; it is the caller's until <see cref="Done"/>. Throws <see cref="OperationCanceledException"/> on shutdown.</summary>
    public async Task<T> GetAsync(CancellationToken ct = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _shutdown.Token);
        await _ready.WaitAsync(linked.Token).ConfigureAwait(false);
        T item;
        int depth;
        lock (_gate)
        {
            item = _queue.Dequeue();
            _dirty.Remove(item);
            _processing.Add(item);
            depth = _queue.Count;
        }
        _depthChanged?.Invoke(depth);
        return item;
    }

    /// <summary>Ends processing of the item; if it was added meanwhile it is queued again now.</summary>
    public void Done(T item)
    {
        int depth;
        lock (_gate)
        {
            _processing.Remove(item);
            if (!_dirty.Contains(item) || _shutdown.IsCancellationRequested) return;
            _queue.Enqueue(item);
            depth = _queue.Count;
        }
        _ready.Release();
        _depthChanged?.Invoke(depth);
    }

    public void ShutDown()
    {
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested) return;
            _shutdown.Cancel();
            foreach (var (_, timer) in _waiting.Values) timer.Dispose();
            _waiting.Clear();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _shutdown.Dispose();
        _ready.Dispose();
    }
}
