namespace GitOpsMl.Onnx;

/// <summary>Joins per-column feature blocks into the network's input matrix.</summary>
public static class ConcatOps
{
    /// <summary>Concat along axis 1: float [N, a], [N, b], ... → [N, a + b + ...], in the order given.</summary>
    public static string ConcatFeatures(this OnnxGraphBuilder graph, IReadOnlyList<string> blocks)
    {
        if (blocks.Count == 0)
        {
            throw new ArgumentException("At least one feature block is required.", nameof(blocks));
        }
        return blocks.Count == 1 ? blocks[0] : graph.AddNode("Concat", blocks, OnnxAttribute.Int("axis", 1));
    }
}
