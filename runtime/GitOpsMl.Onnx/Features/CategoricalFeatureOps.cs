namespace GitOpsMl.Onnx;

/// <summary>
/// Emits encodings of string [N,1] columns. Semantics are exactly those of
/// <see cref="CategoricalFeatureMath"/> (ordinal matching; "" is an ordinary string).
/// </summary>
public static class CategoricalFeatureOps
{
    /// <summary>
    /// ai.onnx.ml LabelEncoder (opset-2 attributes keys_strings / values_int64s / default_int64):
    /// maps each known string to its int64 value and everything else to <paramref name="defaultValue"/> → int64 [N,1].
    /// </summary>
    public static string StringLookup(
        this OnnxGraphBuilder graph, string x, IReadOnlyList<string> keys, IReadOnlyList<long> values, long defaultValue)
    {
        if (keys.Count != values.Count)
        {
            throw new ArgumentException($"{keys.Count} keys but {values.Count} values.", nameof(values));
        }
        // Guard here: ONNX Runtime silently accepts duplicate keys (first one wins).
        _ = new CategoryVocabulary(keys);
        return graph.AddMlNode(
            "LabelEncoder",
            [x],
            OnnxAttribute.Strings("keys_strings", keys),
            OnnxAttribute.Ints("values_int64s", values),
            OnnxAttribute.Int("default_int64", defaultValue));
    }

    /// <summary>Category index → int64 [N,1]: position in the vocabulary, unknown → <paramref name="unknownIndex"/>.</summary>
    public static string CategoryIndex(this OnnxGraphBuilder graph, string x, CategoryVocabulary vocabulary, long unknownIndex) =>
        graph.StringLookup(x, vocabulary.Categories, Enumerable.Range(0, vocabulary.Count).Select(i => (long)i).ToArray(), unknownIndex);

    /// <summary>
    /// One-hot → float [N, width]: one slot per category, plus a trailing "other" slot with <see cref="UnknownCategory.OtherSlot"/>.
    /// Unknown (and "" unless in the vocabulary) → all zeros or the trailing "other" slot.
    /// </summary>
    public static string OneHot(this OnnxGraphBuilder graph, string x, CategoryVocabulary vocabulary, UnknownCategory unknown)
    {
        var width = vocabulary.Count + (unknown == UnknownCategory.OtherSlot ? 1 : 0);
        // -1 matches no slot → zero row; Count is the "other" slot when that slot exists.
        var index = graph.CategoryIndex(x, vocabulary, unknown == UnknownCategory.OtherSlot ? vocabulary.Count : -1);
        return graph.IndexOneHot(index, width);
    }

    /// <summary>
    /// int64 [N,1] indices → float [N, width] with a 1 at the index; indices outside [0, width) give a zero row.
    /// Built as Equal against [0..width) rather than the OneHot operator, because OneHot reads a
    /// negative index from the back (-1 would light up the last slot).
    /// </summary>
    public static string IndexOneHot(this OnnxGraphBuilder graph, string index, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var slots = graph.AddInitializer("slots", Enumerable.Range(0, width).Select(i => (long)i).ToArray(), 1, width);
        var hot = graph.AddNode("Equal", [index, slots]);
        return graph.AddNode("Cast", [hot], OnnxAttribute.Int("to", (long)TensorElementType.Float));
    }
}
