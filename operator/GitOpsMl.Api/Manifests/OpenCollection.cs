using GitOpsMl.Api.Common;
using YamlDotNet.Core;

namespace GitOpsMl.Api.Manifests;

/// <summary>
/// A mapping or sequence whose end the parser has not reached yet: it collects its children, pairs a
/// mapping's keys with their values, and applies the rules for keys (scalars only, each once, one merge
/// key). Objects are reused (see <see cref="OpenCollectionStack"/>); only the finished node escapes.
/// </summary>
internal sealed class OpenCollection
{
    private readonly List<ManifestNode> _items = [];
    private readonly List<MappingEntry> _entries = [];
    private readonly Dictionary<string, SourceMark> _firstKeyMarks = new(StringComparer.Ordinal);
    private bool _hasKey;
    private bool _keyIsMerge;
    private ScalarNode? _key;
    private SourceMark? _mergeMark;
    private int _mergeAt;
    private IReadOnlyList<MappingNode>? _mergeSources;

    public bool IsMapping { get; private set; }

    public SourceMark Start { get; private set; }

    public AnchorName Anchor { get; private set; }

    /// <summary>Nodes in this collection, itself included, with each alias counted as a copy of what it refers to.</summary>
    public long Count { get; private set; }

    /// <summary>How many collections deep the deepest child reaches below this one (0 when all are scalars).</summary>
    public int Height { get; private set; }

    public void Open(bool isMapping, SourceMark start, AnchorName anchor)
    {
        IsMapping = isMapping;
        Start = start;
        Anchor = anchor;
        Count = 1;
        Height = 0;
        _items.Clear();
        _entries.Clear();
        _firstKeyMarks.Clear();
        _hasKey = false;
        _keyIsMerge = false;
        _key = null;
        _mergeMark = null;
        _mergeAt = 0;
        _mergeSources = null;
    }

    /// <summary>
    /// Adds a finished child (in a mapping: a key, then its value); returns the problem with it, if any. A
    /// rejected key or entry is left out and the collection goes on, so that later problems are found too.
    /// </summary>
    public ManifestLoadError? Add(ManifestNode node, long count, int height, bool isMergeKey)
    {
        Count += count;
        Height = Math.Max(Height, height);
        if (!IsMapping)
        {
            _items.Add(node);
            return null;
        }

        if (!_hasKey)
        {
            _hasKey = true;
            _keyIsMerge = isMergeKey;
            _key = node as ScalarNode;
            return _key is null
                ? new ManifestLoadError(node.Start, $"a mapping key must be a scalar, not a {(node is MappingNode ? "mapping" : "sequence")}")
                {
                    Kind = ManifestLoadErrorKind.NonScalarKey,
                }
                : null;
        }

        _hasKey = false;
        var key = _key;
        if (key is null)
        {
            return null;
        }

        if (_keyIsMerge)
        {
            return AddMerge(key, node);
        }

        if (_firstKeyMarks.TryGetValue(key.Value, out var first))
        {
            return new ManifestLoadError(
                key.Start,
                $"duplicate key '{UserText.Shorten(key.Value)}' (first defined at line {first.Line}, column {first.Column}); expected each key once per mapping")
            {
                Kind = ManifestLoadErrorKind.DuplicateKey,
            };
        }

        _firstKeyMarks.Add(key.Value, key.Start);
        _entries.Add(new MappingEntry(key, node));
        return null;
    }

    public ManifestNode Close() => IsMapping ? new MappingNode(Start, BuildEntries()) : new SequenceNode(Start, _items.ToArray());

    private ManifestLoadError? AddMerge(ScalarNode key, ManifestNode value)
    {
        if (_mergeMark is { } firstMerge)
        {
            return new ManifestLoadError(
                key.Start,
                $"duplicate merge key '<<' (first at line {firstMerge.Line}, column {firstMerge.Column}); merge several mappings with one '<<: [*a, *b]'")
            {
                Kind = ManifestLoadErrorKind.DuplicateKey,
            };
        }

        _mergeMark = key.Start;
        IReadOnlyList<MappingNode>? sources = value switch
        {
            MappingNode m => [m],
            SequenceNode s when s.Items.All(i => i is MappingNode) => s.Items.Cast<MappingNode>().ToArray(),
            _ => null,
        };
        if (sources is null)
        {
            return new ManifestLoadError(value.Start, "the merge key '<<' expects a mapping, an alias of a mapping, or a sequence of those")
            {
                Kind = ManifestLoadErrorKind.InvalidMerge,
            };
        }

        _mergeAt = _entries.Count;
        _mergeSources = sources;
        return null;
    }

    /// <summary>
    /// The mapping's entries, with merged ones inserted where the merge key was: a merged key never
    /// overrides a key written in this mapping, and an earlier merge source wins over a later one.
    /// </summary>
    private MappingEntry[] BuildEntries()
    {
        if (_mergeSources is null)
        {
            return _entries.ToArray();
        }

        var result = new List<MappingEntry>(_entries.Count + 8);
        var taken = new HashSet<string>(_firstKeyMarks.Keys, StringComparer.Ordinal);
        for (int i = 0; i <= _entries.Count; i++)
        {
            if (i == _mergeAt)
            {
                foreach (var source in _mergeSources)
                {
                    foreach (var entry in source.Entries)
                    {
                        if (taken.Add(entry.Key.Value))
                        {
                            result.Add(entry);
                        }
                    }
                }
            }

            if (i < _entries.Count)
            {
                result.Add(_entries[i]);
            }
        }

        return result.ToArray();
    }
}
