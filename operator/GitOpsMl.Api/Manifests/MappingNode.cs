using System.Diagnostics.CodeAnalysis;

namespace GitOpsMl.Api.Manifests;

/// <summary>
/// A YAML mapping: its entries in document order, with lookup by key text. Keys are unique by their
/// <see cref="ScalarNode.Value"/> (ordinal comparison): <c>1</c> and <c>"1"</c> are the same key here, as
/// they are once the document becomes JSON.
/// </summary>
public sealed record MappingNode : ManifestNode
{
    private const int LinearLookupMax = 8;

    private readonly Dictionary<string, int>? _index;

    /// <exception cref="ArgumentException">Two entries have the same key text.</exception>
    public MappingNode(SourceMark start, IReadOnlyList<MappingEntry> entries)
        : base(start)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
        if (entries.Count > LinearLookupMax)
        {
            _index = new Dictionary<string, int>(entries.Count, StringComparer.Ordinal);
            for (int i = 0; i < entries.Count; i++)
            {
                if (!_index.TryAdd(entries[i].Key.Value, i))
                {
                    throw new ArgumentException($"duplicate mapping key '{entries[i].Key.Value}'", nameof(entries));
                }
            }
        }
        else
        {
            for (int i = 1; i < entries.Count; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (string.Equals(entries[i].Key.Value, entries[j].Key.Value, StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"duplicate mapping key '{entries[i].Key.Value}'", nameof(entries));
                    }
                }
            }
        }
    }

    /// <summary>The entries in document order (merged entries, from <c>&lt;&lt;</c>, where the merge key was).</summary>
    public IReadOnlyList<MappingEntry> Entries { get; }

    public int Count => Entries.Count;

    public IEnumerable<string> Keys => Entries.Select(e => e.Key.Value);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [NotNullWhen(true)] out ManifestNode? value)
    {
        int i = IndexOf(key);
        value = i >= 0 ? Entries[i].Value : null;
        return value is not null;
    }

    /// <summary>The whole entry, for callers that need the key's position as well as the value.</summary>
    public bool TryGetEntry(string key, out MappingEntry entry)
    {
        int i = IndexOf(key);
        entry = i >= 0 ? Entries[i] : default;
        return i >= 0;
    }

    /// <summary>The value for <paramref name="key"/>, or null when the mapping has no such key.</summary>
    public ManifestNode? GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : null;

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_index is not null)
        {
            return _index.TryGetValue(key, out int i) ? i : -1;
        }

        for (int i = 0; i < Entries.Count; i++)
        {
            if (string.Equals(Entries[i].Key.Value, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
