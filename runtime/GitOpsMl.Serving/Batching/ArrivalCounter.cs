namespace GitOpsMl.Serving.Batching;

/// <summary>Requests for one model that have arrived but are not queued yet (being read, parsed or routed): adaptive batching's hint that more rows are coming.</summary>
public sealed class ArrivalCounter
{
    private int _pending;

    public int Pending => Volatile.Read(ref _pending);

    public void Enter() => Interlocked.Increment(ref _pending);

    public void Leave() => Interlocked.Decrement(ref _pending);
}
