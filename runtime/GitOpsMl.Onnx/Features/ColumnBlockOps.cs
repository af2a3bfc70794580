namespace GitOpsMl.Onnx;

/// <summary>
/// Column blocks: several [N,1] columns held as the rows of one [k, N] tensor. The graph's inputs
/// and the network's input are row-per-example ([N, ·]); in between, the feature transforms work
/// on blocks, because ONNX Runtime joins, gathers and broadcasts along contiguous rows far faster
/// than along axis 1 of an [N, k] tensor, where every element is a copy of its own.
/// </summary>
public static class ColumnBlockOps
{
    /// <summary>[N,1] columns of one element type → [k, N] block, row j = column j.</summary>
    public static string JoinColumns(this OnnxGraphBuilder graph, IReadOnlyList<string> columns)
    {
        if (columns.Count == 0)
        {
            throw new ArgumentException("At least one column is required.", nameof(columns));
        }
        // Concat on axis 0 lays the columns end to end ([k·N, 1]); the reshape only relabels that memory.
        var stacked = columns.Count == 1 ? columns[0] : graph.AddNode("Concat", columns, OnnxAttribute.Int("axis", 0));
        return graph.AddNode("Reshape", [stacked, graph.AddInitializer("block_shape", new long[] { columns.Count, -1 }, 2)]);
    }

    /// <summary>Blocks [a, N], [b, N], ... → [a + b + ..., N], in the order given.</summary>
    public static string JoinBlocks(this OnnxGraphBuilder graph, IReadOnlyList<string> blocks)
    {
        if (blocks.Count == 0)
        {
            throw new ArgumentException("At least one block is required.", nameof(blocks));
        }
        return blocks.Count == 1 ? blocks[0] : graph.AddNode("Concat", blocks, OnnxAttribute.Int("axis", 0));
    }

    /// <summary>Gather along axis 0: [k, N] → [rows.Count, N], row i = x[rows[i]] (repeats allowed).</summary>
    public static string SelectRows(this OnnxGraphBuilder graph, string x, IReadOnlyList<long> rows)
    {
        if (rows.Count == 0)
        {
            throw new ArgumentException("At least one row to select is required.", nameof(rows));
        }
        return graph.AddNode("Gather", [x, graph.AddInitializer("rows", rows, rows.Count)], OnnxAttribute.Int("axis", 0));
    }

    /// <summary>[k, N] block → [N, k] matrix, one example per row (what the network reads).</summary>
    public static string BlockToMatrix(this OnnxGraphBuilder graph, string block) =>
        graph.AddNode("Transpose", [block], OnnxAttribute.Ints("perm", [1, 0]));
}
