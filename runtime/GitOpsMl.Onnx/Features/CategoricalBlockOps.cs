namespace GitOpsMl.Onnx;

/// <summary>
/// One-hot encodings of several categorical columns with one set of nodes, as a block (one output
/// per row, see <see cref="ColumnBlockOps"/>). Each column's lookup (one LabelEncoder per column:
/// ONNX has no per-column string table) yields a slot in a shared numbering, where column j owns
/// the slots [offset_j, offset_j + width_j); a single Gather, Equal and Cast then turn all the
/// slots into the one-hot block.
/// </summary>
public static class CategoricalBlockOps
{
    /// <summary>
    /// int64 [N,1] slot per column, each in its own range of the shared numbering (column j: offset_j
    /// = Σ widths before j) or negative for an all-zero row → float block [Σ widths, N]. A slot outside
    /// its column's range would light another column's slot, so the caller's lookups must stay in range.
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
        // Spread each column's slot over the output rows it owns, then compare with each row's own number.
        var owner = widths.SelectMany((width, column) => Enumerable.Repeat((long)column, width)).ToArray();
        var joined = graph.JoinColumns(slots);
        var spread = slots.Count == 1 ? joined : graph.SelectRows(joined, owner);
        var numbers = graph.AddInitializer("slots", Enumerable.Range(0, owner.Length).Select(i => (long)i).ToArray(), owner.Length, 1);
        var hot = graph.AddNode("Equal", [spread, numbers]);
        return graph.AddNode("Cast", [hot], OnnxAttribute.Int("to", (long)TensorElementType.Float));
    }
}
