namespace GitOpsMl.Serving.Statistics;

/// <summary>The counters of one sub-window; reused (cleared) when the window slides past it.</summary>
public sealed class WindowBucket(int countSlots, int momentSlots)
{
    public long Epoch { get; private set; } = long.MinValue;

    public long[] Counts { get; } = new long[countSlots];

    public double[] Moments { get; } = new double[momentSlots];

    public void Reset(long epoch)
    {
        Epoch = epoch;
        Array.Clear(Counts);
        Array.Clear(Moments);
    }
}
