using GitOpsMl.Onnx.Tests.Support;

namespace GitOpsMl.Onnx.Tests;

// One-hot and index encodings of string columns, run in ONNX Runtime, must agree with
// CategoricalFeatureMath for known, unseen, missing ("") and look-alike strings.
public class CategoricalFeatureOpsTests
{
    private static readonly CategoryVocabulary Colors = new(["red", "green", "blue", "héllo wörld"]);

    private static readonly string[] Column =
        ["red", "blue", "", "purple", "Red", " red", "green", "héllo wörld", "hello world", "blue"];

    [Theory]
    [InlineData(UnknownCategory.AllZeros)]
    [InlineData(UnknownCategory.OtherSlot)]
    public void OneHot_matches_the_reference_for_known_unseen_and_missing_values(UnknownCategory unknown)
    {
        var width = CategoricalFeatureMath.OneHotWidth(Colors, unknown);
        var actual = SingleColumnModel.RunCategorical<float>(
            (g, x) => g.OneHot(x, Colors, unknown), TensorElementType.Float, width, Column);
        Assert.Equal([Column.Length, width], actual.Shape);
        for (var row = 0; row < Column.Length; row++)
        {
            FloatAssert.AllClose(CategoricalFeatureMath.OneHot(Column[row], Colors, unknown), actual.Row(row), $"'{Column[row]}'");
        }
    }

    [Fact]
    public void Unknown_values_are_all_zero_or_the_last_other_slot()
    {
        Assert.Equal([0f, 0f, 0f, 0f], CategoricalFeatureMath.OneHot("purple", Colors, UnknownCategory.AllZeros));
        Assert.Equal([0f, 0f, 0f, 0f, 1f], CategoricalFeatureMath.OneHot("purple", Colors, UnknownCategory.OtherSlot));
        // Missing ("" or null) is unknown unless "" is part of the vocabulary.
        Assert.Equal([0f, 0f, 0f, 0f, 1f], CategoricalFeatureMath.OneHot("", Colors, UnknownCategory.OtherSlot));
        Assert.Equal([0f, 0f, 0f, 0f, 1f], CategoricalFeatureMath.OneHot(null, Colors, UnknownCategory.OtherSlot));
    }

    [Fact]
    public void Missing_gets_its_own_slot_when_the_vocabulary_contains_the_empty_string()
    {
        var vocabulary = new CategoryVocabulary(["a", "", "b"]);
        string[] column = ["", "a", "b", "c"];
        var actual = SingleColumnModel.RunCategorical<float>(
            (g, x) => g.OneHot(x, vocabulary, UnknownCategory.OtherSlot), TensorElementType.Float, 4, column);
        Assert.Equal(
            [0f, 1f, 0f, 0f,
             1f, 0f, 0f, 0f,
             0f, 0f, 1f, 0f,
             0f, 0f, 0f, 1f],
            actual.Data);
    }

    [Fact]
    public void CategoryIndex_returns_positions_and_the_given_unknown_index()
    {
        var actual = SingleColumnModel.RunCategorical<long>(
            (g, x) => g.CategoryIndex(x, Colors, Colors.Count), TensorElementType.Int64, 1, Column);
        var expected = Column.Select(v => Colors.IndexOf(v) is var i && i >= 0 ? i : (long)Colors.Count).ToArray();
        Assert.Equal(expected, actual.Data);
    }

    [Fact]
    public void IndexOneHot_gives_zero_rows_for_indices_outside_the_width()
    {
        var graph = new OnnxGraphBuilder();
        var x = graph.AddNumericColumn("x");
        var index = graph.AddNode("Cast", [x], OnnxAttribute.Int("to", (long)TensorElementType.Int64));
        graph.AddOutput("y", TensorElementType.Float, graph.IndexOneHot(index, 3), 3);
        var actual = OrtRunner.RunFloat(graph.ToBytes(), "y", OrtRunner.FloatColumn("x", -1f, 0f, 2f, 3f));
        Assert.Equal([0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f], actual.Data);
    }

    [Fact]
    public void A_vocabulary_rejects_duplicates_because_onnx_runtime_would_silently_keep_the_first()
    {
        Assert.Throws<ArgumentException>(() => new CategoryVocabulary(["a", "b", "a"]));
        Assert.Throws<ArgumentException>(() => new CategoryVocabulary([]));
    }
}
