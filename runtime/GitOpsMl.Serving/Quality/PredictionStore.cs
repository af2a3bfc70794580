using GitOpsMl.Serving.Observability;

namespace GitOpsMl.Serving.Quality;

/// <summary>
/// Recent predictions of one model by request id, so that label feedback can be joined to them.
/// A circular log in preallocated arrays — outputs in one float ring, entries in a struct ring,
/// ids as 64-bit hashes — so remembering a request allocates nothing that outlives it (no GC
/// pressure however long the store) and memory is fixed: about capacityRows × (4 floats + 1 flag)
/// plus one entry per row. The oldest requests are forgotten first.
/// </summary>
public sealed class PredictionStore(int capacityRows, int valuesPerRow = 4)
{
    private struct Entry
    {
        public ulong Hash;
        public ulong AliasHash;
        public bool HasAlias;
        public string Version;
        public int Offset, Rows, Width;
        public long Sequence;
    }

    private readonly object _gate = new();
    private readonly Dictionary<ulong, int> _index = new();
    private Entry[] _entries = [];
    private float[] _values = [];
    private bool[] _labeled = [];
    private int _head, _count, _writeAt;
    private long _sequence;

    public int Count
    {
        get { lock (_gate) return _index.Count; }
    }

    public void Add(string requestId, string version, ReadOnlySpan<float> values, int rows, int width) => Add(requestId, null, version, values, rows, width);

    /// <summary>Remembers a prediction under its request id and, when given, a second id (the client's body id) that finds the same entry.</summary>
    public void Add(string requestId, string? alias, string version, ReadOnlySpan<float> values, int rows, int width)
    {
        if (capacityRows <= 0 || values.Length == 0 || values.Length > capacityRows * valuesPerRow) return;
        var hash = RequestIdHash.Of(requestId);
        var hasAlias = !string.IsNullOrEmpty(alias) && alias != requestId;
        var aliasHash = hasAlias ? RequestIdHash.Of(alias!) : 0;
        lock (_gate)
        {
            if (_entries.Length == 0)
            {
                _entries = new Entry[capacityRows];
                _values = new float[capacityRows * valuesPerRow];
                _labeled = new bool[_values.Length];
            }
            if (_writeAt + values.Length > _values.Length)
            {
                // Wrap: the entries in the skipped tail are the oldest; forget them so head order stays position order.
                while (_count > 0 && _entries[_head].Offset >= _writeAt) EvictHead();
                _writeAt = 0;
            }
            while (_count > 0 && (_count == _entries.Length || Overlaps(_entries[_head], _writeAt, values.Length))) EvictHead();
            var slot = (_head + _count) % _entries.Length;
            _entries[slot] = new Entry { Hash = hash, AliasHash = aliasHash, HasAlias = hasAlias, Version = version, Offset = _writeAt, Rows = rows, Width = width, Sequence = ++_sequence };
            values.CopyTo(_values.AsSpan(_writeAt));
            Array.Clear(_labeled, _writeAt, values.Length);
            _writeAt += values.Length;
            _count++;
            _index[hash] = slot;
            if (hasAlias) _index[aliasHash] = slot;
        }
    }

    private static bool Overlaps(in Entry e, int start, int length) => e.Offset < start + length && start < e.Offset + e.Rows * e.Width;

    private void EvictHead()
    {
        ref var e = ref _entries[_head];
        if (_index.TryGetValue(e.Hash, out var slot) && slot == _head) _index.Remove(e.Hash);
        if (e.HasAlias && _index.TryGetValue(e.AliasHash, out slot) && slot == _head) _index.Remove(e.AliasHash);
        e.Version = null!;
        _head = (_head + 1) % _entries.Length;
        _count--;
    }

    public StoredPrediction? Find(string requestId)
    {
        var hash = RequestIdHash.Of(requestId);
        lock (_gate)
        {
            if (!_index.TryGetValue(hash, out var slot)) return null;
            var e = _entries[slot];
            return new StoredPrediction(e.Version, _values.AsSpan(e.Offset, e.Rows * e.Width).ToArray(), e.Rows, e.Width, slot, e.Sequence);
        }
    }

    /// <summary>Claims row <paramref name="row"/> of a stored request for labelling; false if it was labelled before (or forgotten since).</summary>
    public bool TryClaimRow(StoredPrediction entry, int row)
    {
        lock (_gate)
        {
            ref var e = ref _entries[entry.Slot];
            if (e.Sequence != entry.Sequence) return false;
            var flag = e.Offset + row * e.Width;
            if (_labeled[flag]) return false;
            _labeled[flag] = true;
            return true;
        }
    }
}
