namespace GitOpsMl.Data.Splitting;

/// <summary>Row indices (0-based, into the validated table) of each split, each ascending.</summary>
public sealed record SplitIndices(int[] Train, int[] Validation, int[] Test)
{
    public int Count => Train.Length + Validation.Length + Test.Length;
}
