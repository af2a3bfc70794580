namespace GitOpsMl.Serving.Statistics;

/// <summary>
/// Where one input feature's counters live in a window bucket's flat count array.
/// Numeric: [bins…, missing, out of range]; categorical: [known categories…, unseen, missing].
/// A numeric value is out of range when it lies outside the training [min, max] of profile.json.
/// Moments (numeric only): [count of finite values, sum, sum of squares].
/// </summary>
public sealed class FeatureLayout
{
    private readonly Dictionary<string, int>? _categorySlots;

    private FeatureLayout(string name, bool numeric, double[] edges, string[] categories, int offset, int momentOffset, double? min = null, double? max = null)
    {
        Min = min;
        Max = max;
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

    public static FeatureLayout Numeric(string name, double[] edges, int offset, int momentOffset, double? min = null, double? max = null) =>
        new(name, true, edges, [], offset, momentOffset, min is { } lo && double.IsFinite(lo) ? lo : null, max is { } hi && double.IsFinite(hi) ? hi : null);

    public static FeatureLayout Categorical(string name, string[] categories, int offset) =>
        new(name, false, [], categories, offset, -1);

    public string Name { get; }
    public bool IsNumeric { get; }
    public double[] Edges { get; }
    public string[] Categories { get; }
    public int Offset { get; }
    public int MomentOffset { get; }

    /// <summary>Numeric: the training minimum and maximum (profile.json), when known.</summary>
    public double? Min { get; }

    public double? Max { get; }

    /// <summary>Bins (numeric) or known categories (categorical) before the trailing slots.</summary>
    public int ValueSlots => IsNumeric ? Edges.Length + 1 : Categories.Length;

    /// <summary>Index of the missing counter.</summary>
    public int MissingSlot => Offset + ValueSlots + (IsNumeric ? 0 : 1);

    /// <summary>Categorical only: index of the unseen-category counter.</summary>
    public int UnseenSlot => Offset + ValueSlots;

    /// <summary>Numeric only: index of the out-of-training-range counter.</summary>
    public int OutOfRangeSlot => Offset + ValueSlots + 1;

    public int Width => ValueSlots + 2;

    /// <summary>Counts one value; true when it falls outside the training range.</summary>
    public bool RecordNumber(long[] counts, double[] moments, float value)
    {
        if (float.IsNaN(value))
        {
            counts[MissingSlot]++;
            return false;
        }
        counts[Offset + NumericBins.Index(Edges, value)]++;
        var outside = value < Min || value > Max;
        if (outside) counts[OutOfRangeSlot]++;
        if (float.IsFinite(value) && MomentOffset >= 0)
        {
            moments[MomentOffset]++;
            moments[MomentOffset + 1] += value;
            moments[MomentOffset + 2] += (double)value * value;
        }
        return outside;
    }

    /// <summary>Counts one value; true when it is not one of the training categories (missing is not unseen).</summary>
    public bool RecordCategory(long[] counts, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            counts[MissingSlot]++;
            return false;
        }
        if (_categorySlots!.TryGetValue(value, out var slot))
        {
            counts[Offset + slot]++;
            return false;
        }
        counts[UnseenSlot]++;
        return true;
    }
}
