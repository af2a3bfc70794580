namespace GitOpsMl.Onnx;

/// <summary>Embedding lookups for category or hash-bucket indices.</summary>
public static class EmbeddingOps
{
    /// <summary>
    /// int64 [N,1] indices → float [N, dim] rows of a row-major [rows, dim] table (torch.nn.Embedding.weight).
    /// Every index must lie in [0, rows): give the table a row for the unknown index
    /// (e.g. vocabulary.Count or bucketCount), because Gather fails on out-of-range indices.
    /// </summary>
    public static string Embedding(this OnnxGraphBuilder graph, string indices, IReadOnlyList<float> table, int rows, int dim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        var weights = graph.AddInitializer("embedding", table, rows, dim);
        var gathered = graph.AddNode("Gather", [weights, indices], OnnxAttribute.Int("axis", 0));
        // Gather yields [N, 1, dim]; Flatten(axis=1) folds it to [N, dim].
        return graph.AddNode("Flatten", [gathered], OnnxAttribute.Int("axis", 1));
    }
}
