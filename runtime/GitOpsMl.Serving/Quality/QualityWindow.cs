using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Quality;

/// <summary>The last <c>capacity</c> labelled predictions of one version (a ring); metrics cover those inside the time window.</summary>
public sealed class QualityWindow(ModelTask task, int capacity, TimeSpan window, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly LabeledSample[] _ring = new LabeledSample[Math.Max(1, capacity)];
    private int _next;
    private int _count;

    public void Add(LabeledSample sample)
    {
        lock (_gate)
        {
            _ring[_next] = sample;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    public QualityStats Snapshot()
    {
        var cutoff = (time.GetUtcNow() - window).UtcTicks;
        var samples = new List<LabeledSample>();
        lock (_gate)
        {
            for (var i = 0; i < _count; i++)
            {
                var s = _ring[i];
                if (s.AtTicks >= cutoff) samples.Add(s);
            }
        }
        return QualityMetrics.Compute(task, samples);
    }
}
