namespace GitOpsMl.Data.Features;

/// <summary>Transformed features, row-major float32 (the layout a tensor [Rows, Width] takes), with one name per column.</summary>
public sealed record FeatureMatrix(float[] Values, int Rows, int Width, IReadOnlyList<string> Names)
{
    public float this[int row, int column] => Values[row * Width + column];

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Width, Width);

    /// <summary>The column named <paramref name="name"/>, as a copy.</summary>
    public float[] Column(string name)
    {
        var index = Names.ToList().IndexOf(name);
        if (index < 0)
        {
            throw new KeyNotFoundException($"No feature named '{name}'; features are [{string.Join(", ", Names)}].");
        }
        return Enumerable.Range(0, Rows).Select(r => Values[r * Width + index]).ToArray();
    }
}
