namespace GitOpsMl.Onnx;

/// <summary>
/// One-hot encodings of several categorical columns with one set of nodes. Each column's lookup
/// (one LabelEncoder per column: ONNX has no per-column string table) yields a slot in a shared
/// numbering, where column j owns the slots [offset_j, offset_j + width_j); the block then turns
/// all the slots into one float matrix with a single Gather, Equal and Cast.
/// </summary>
public static class CategoricalBlockOps
{
    /// <summary>
    /// int64 [N,1] slot per column, each in its own range of the shared numbering (column j: offset_j
    /// = Σ widths before j) or negative for an all-zero row → float [N, Σ widths]. A slot outside its
    /// column's range would light another column's slot, so the caller's lookups must stay in range.
    /// </summary>
    public static string SharedOneHot(this OnnxGraphBuilder graph, IReadOnlyList<string> slots, IReadOnlyList<int> widths)
    {
        if (slots.Count == 0 || slots.Count != widths.Count)
        {
            throw new ArgumentException($"Need one width per slot column, got {slots.Count} columns and {widths.Count} widths.", nameof(widths));
        }
        foreach (var width in widths)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(width, 1, nameof(widths));
        }
        if (slots.Count == 1)
        {
            return graph.IndexOneHot(slots[0], widths[0]);
        }
        // Spread each column's slot over the outputs it owns, then compare with the output's own number.
        var owner = widths.SelectMany((width, column) => Enumerable.Repeat((long)column, width)).ToArray();
        var joined = graph.AddNode("Concat", slots, OnnxAttribute.Int("axis", 1));
        var spread = graph.AddNode("Gather", [joined, graph.AddInitializer("slot_owner", owner, owner.Length)], OnnxAttribute.Int("axis", 1));
        var numbers = graph.AddInitializer("slots", Enumerable.Range(0, owner.Length).Select(i => (long)i).ToArray(), 1, owner.Length);
        var hot = graph.AddNode("Equal", [spread, numbers]);
        return graph.AddNode("Cast", [hot], OnnxAttribute.Int("to", (long)TensorElementType.Float));
    }
}
