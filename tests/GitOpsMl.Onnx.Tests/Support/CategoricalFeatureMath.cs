namespace GitOpsMl.Onnx;

/// <summary>
/// C# reference for the categorical encodings in <see cref="CategoricalFeatureOps"/>. Training
/// must build its features with these functions so that serving (the ONNX graph) sees the same
/// numbers; the test suite pins the two together.
/// </summary>
public static class CategoricalFeatureMath
{
    /// <summary>Number of one-hot columns produced for a vocabulary.</summary>
    public static int OneHotWidth(CategoryVocabulary vocabulary, UnknownCategory unknown) =>
        unknown == UnknownCategory.OtherSlot ? vocabulary.Count + 1 : vocabulary.Count;

    /// <summary>The hot slot for a value, or -1 when the row is all zeros.</summary>
    public static int OneHotSlot(string? value, CategoryVocabulary vocabulary, UnknownCategory unknown)
    {
        var index = vocabulary.IndexOf(value);
        if (index >= 0)
        {
            return index;
        }
        return unknown == UnknownCategory.OtherSlot ? vocabulary.Count : -1;
    }

    public static float[] OneHot(string? value, CategoryVocabulary vocabulary, UnknownCategory unknown)
    {
        var row = new float[OneHotWidth(vocabulary, unknown)];
        var slot = OneHotSlot(value, vocabulary, unknown);
        if (slot >= 0)
        {
            row[slot] = 1f;
        }
        return row;
    }
}
