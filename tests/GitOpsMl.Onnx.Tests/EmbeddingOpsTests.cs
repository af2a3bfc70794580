using GitOpsMl.Onnx.Tests.Support;

namespace GitOpsMl.Onnx.Tests;

// Category indices (unknown → last row) select rows of an embedding table.
public class EmbeddingOpsTests
{
    [Fact]
    public void Embedding_looks_up_one_row_per_category_with_a_row_for_unknown()
    {
        var vocabulary = new CategoryVocabulary(["a", "b"]);
        float[] table =
        [
            1f, 2f,
            3f, 4f,
            -5f, -6f, // unknown
        ];
        var graph = new OnnxGraphBuilder();
        var x = graph.AddCategoricalColumn("x");
        var index = graph.CategoryIndex(x, vocabulary, vocabulary.Count);
        graph.AddOutput("y", TensorElementType.Float, graph.Embedding(index, table, 3, 2), 2);
        var actual = OrtRunner.RunFloat(graph.ToBytes(), "y", OrtRunner.StringColumn("x", "b", "zzz", "a", ""));
        Assert.Equal([4, 2], actual.Shape);
        Assert.Equal([3f, 4f, -5f, -6f, 1f, 2f, -5f, -6f], actual.Data);
    }
}
