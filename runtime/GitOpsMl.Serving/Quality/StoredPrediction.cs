namespace GitOpsMl.Serving.Quality;

/// <summary>A copy of a remembered request's outputs, row-major [Rows, Width], with the store slot it came from.</summary>
public sealed record StoredPrediction(string Version, float[] Values, int Rows, int Width, int Slot, long Sequence)
{
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Width, Width);
}
