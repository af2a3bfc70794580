namespace GitOpsMl.Serving.Statistics;

/// <summary>
/// Where one input feature's counters live in a window bucket's flat count array.
/// Numeric: [bins…, missing]; categorical: [known categories…, unseen, missing].
/// Moments (numeric only): [count of finite values, sum, sum of squares].
/// </summary>
public sealed class FeatureLayout
{
    private readonly Dictionary<string, int>? _categorySlots;

    private FeatureLayout(string name, bool numeric, double[] edges, string[] categories, int offset, int momentOffset)
    {
        Name = name;
        IsNumeric = numeric;
        Edges = edges;
        Categories = categories;
        Offset = offset;
        MomentOffset = momentOffset;
        if (!numeric)
        {
            _categorySlots = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < categories.Length; i++) _categorySlots[categories[i]] = i;
        }
    }

    public static FeatureLayout Numeric(string name, double[] edges, int offset, int momentOffset) =>
        new(name, true, edges, [], offset, momentOffset);

    public static FeatureLayout Categorical(string name, string[] categories, int offset) =>
        new(name, false, [], categories, offset, -1);

    public string Name { get; }
    public bool IsNumeric { get; }
    public double[] Edges { get; }
    public string[] Categories { get; }
    public int Offset { get; }
    public int MomentOffset { get; }

    /// <summary>Bins (numeric) or known categories (categorical) before the trailing slots.</summary>
    public int ValueSlots => IsNumeric ? Edges.Length + 1 : Categories.Length;

    /// <summary>Index of the missing counter.</summary>
    public int MissingSlot => Offset + ValueSlots + (IsNumeric ? 0 : 1);

    /// <summary>Categorical only: index of the unseen-category counter.</summary>
    public int UnseenSlot => Offset + ValueSlots;

    public int Width => ValueSlots + (IsNumeric ? 1 : 2);

    public void RecordNumber(long[] counts, double[] moments, float value)
    {
        if (float.IsNaN(value))
        {
            counts[MissingSlot]++;
            return;
        }
        counts[Offset + NumericBins.Index(Edges, value)]++;
        if (float.IsFinite(value) && MomentOffset >= 0)
        {
            moments[MomentOffset]++;
            moments[MomentOffset + 1] += value;
            moments[MomentOffset + 2] += (double)value * value;
        }
    }

    public void RecordCategory(long[] counts, string? value)
    {
        if (string.IsNullOrEmpty(value)) counts[MissingSlot]++;
        else if (_categorySlots!.TryGetValue(value, out var slot)) counts[Offset + slot]++;
        else counts[UnseenSlot]++;
    }
}
