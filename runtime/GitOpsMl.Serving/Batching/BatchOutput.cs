namespace GitOpsMl.Serving.Batching;

/// <summary>One request's share of a batch's output: rows [Offset/Width, ...) of the shared row-major array.</summary>
public readonly record struct BatchOutput(float[] Data, int Offset, int Rows, int Width)
{
    public ReadOnlySpan<float> Values => Data.AsSpan(Offset, Rows * Width);

    public ReadOnlySpan<float> Row(int row) => Data.AsSpan(Offset + row * Width, Width);

    /// <summary>How many requests shared the run (1 = ran alone).</summary>
    public int BatchRequests { get; init; }

    public int BatchRows { get; init; }
}
