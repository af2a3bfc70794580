namespace GitOpsMl.Serving.Shadow;

/// <summary>Running agreement counts of one shadow version against the version it shadows.</summary>
public sealed class ShadowTracker
{
    private readonly object _gate = new();
    private string? _against;
    private long _compared, _agreed, _dropped;

    public void Record(string against, int compared, int agreed)
    {
        lock (_gate)
        {
            Reset(against);
            _compared += compared;
            _agreed += agreed;
        }
    }

    public void Dropped(string against)
    {
        lock (_gate)
        {
            Reset(against);
            _dropped++;
        }
    }

    private void Reset(string against)
    {
        if (_against == against) return;
        _against = against;
        _compared = _agreed = _dropped = 0;
    }

    public ShadowStats? Snapshot()
    {
        lock (_gate)
        {
            return _against is null ? null : new ShadowStats(_against, _compared, _agreed, _dropped, _compared > 0 ? (double)_agreed / _compared : null);
        }
    }
}
