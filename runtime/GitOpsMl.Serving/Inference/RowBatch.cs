namespace GitOpsMl.Serving.Inference;

/// <summary>
/// The rows of one request, column-major in the model's input order: for input i exactly one of
/// Numbers[i] (FP32, NaN = missing), Strings[i] (BYTES, "" = missing) or Seconds[i] (a timestamp
/// as float64 Unix seconds, NaN = missing) is set, with <see cref="Rows"/> entries.
/// Immutable once built, so the same batch can go to a shadow version.
/// </summary>
public sealed class RowBatch(int rows, float[]?[] numbers, string[]?[] strings, double[]?[]? seconds = null)
{
    public double[]?[] Seconds { get; } = seconds ?? new double[]?[numbers.Length];

    public int Rows { get; } = rows;

    public float[]?[] Numbers { get; } = numbers;

    public string[]?[] Strings { get; } = strings;

    public int ColumnCount => Numbers.Length;

    /// <summary>Rows [start, start + count) as a batch of their own (the column arrays are copied).</summary>
    public RowBatch Slice(int start, int count) => new(
        count,
        Numbers.Select(n => n?.AsSpan(start, count).ToArray()).ToArray(),
        Strings.Select(s => s?.AsSpan(start, count).ToArray()).ToArray(),
        Seconds.Select(s => s?.AsSpan(start, count).ToArray()).ToArray());
}
