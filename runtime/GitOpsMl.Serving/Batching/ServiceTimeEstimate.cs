namespace GitOpsMl.Serving.Batching;

/// <summary>
/// Measured seconds of batch-thread time per request (a batch's run plus the completions of its
/// requests, over the requests it served), as
/// an exponentially weighted mean: what sizes the admission bound. Updates race benignly (the
/// last writer wins; each is a valid estimate).
/// </summary>
public sealed class ServiceTimeEstimate
{
    private const double Weight = 0.05;
    private double _secondsPerRequest = double.NaN;

    /// <summary>NaN until the first run.</summary>
    public double SecondsPerRequest => Volatile.Read(ref _secondsPerRequest);

    public void Record(TimeSpan serviceTime, int requests)
    {
        if (requests <= 0) return;
        var sample = serviceTime.TotalSeconds / requests;
        var current = SecondsPerRequest;
        Volatile.Write(ref _secondsPerRequest, double.IsNaN(current) ? sample : current + Weight * (sample - current));
    }
}
