using YamlDotNet.Core;

namespace GitOpsMl.Api.Manifests;

/// <summary>
/// The collections open at the parser's position, innermost last. Its <see cref="OpenCollection"/>s are
/// kept and reused per depth, so a file of many documents allocates them once, not once per collection.
/// </summary>
internal sealed class OpenCollectionStack
{
    private readonly List<OpenCollection> _pool = [];

    /// <summary>How many collections are open; 0 at a document's top level.</summary>
    public int Depth { get; private set; }

    /// <summary>The innermost open collection; only valid while <see cref="Depth"/> is above 0.</summary>
    public OpenCollection Innermost => _pool[Depth - 1];

    public void Push(bool isMapping, SourceMark start, AnchorName anchor)
    {
        if (Depth == _pool.Count)
        {
            _pool.Add(new OpenCollection());
        }

        _pool[Depth].Open(isMapping, start, anchor);
        Depth++;
    }

    /// <summary>Closes the innermost collection; the returned object stays valid until the next <see cref="Push"/>.</summary>
    public OpenCollection Pop()
    {
        var collection = _pool[Depth - 1];
        Depth--;
        return collection;
    }

    public void Clear() => Depth = 0;
}
