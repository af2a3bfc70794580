namespace GitOpsMl.Data.Features;

/// <summary>
/// Transformed features of <see cref="Rows"/> rows and <see cref="Width"/> output columns, stored compactly: the
/// one-hot blocks of categorical features as one int32 column index per row and block (<see cref="Hot"/>), and
/// every other output column as float32 (<see cref="Dense"/>). Its dense form is exactly
/// <see cref="FittedFeaturePipeline.Transform"/>'s matrix, but it takes rows × (dense columns + one-hot blocks)
/// values instead of rows × width — with two 220-value categoricals and three numerics, 5 values a row instead
/// of 443. Consumers expand rows on demand (a mini-batch at a time) with <see cref="WriteRows"/>.
/// </summary>
/// <param name="Dense">Row-major [Rows, DenseColumns.Length]: the values of the non-one-hot columns.</param>
/// <param name="DenseColumns">The output column of each <see cref="Dense"/> column, ascending.</param>
/// <param name="Hot">Row-major [Rows, HotBlocks]: the output column set to 1 by each one-hot block, or -1 when the block is all zeros.</param>
/// <param name="HotBlocks">Number of one-hot blocks (categorical features).</param>
public sealed record EncodedFeatures(
    int Rows, int Width, IReadOnlyList<string> Names, float[] Dense, int[] DenseColumns, int[] Hot, int HotBlocks)
{
    /// <summary>True when every output column is dense and in order: the dense values are already the matrix.</summary>
    public bool IsDenseMatrix => HotBlocks == 0 && DenseColumns.Length == Width;

    /// <summary>A fully dense row-major [rows, width] matrix, viewed without a copy.</summary>
    public static EncodedFeatures FromMatrix(float[] values, int width, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (values.Length % width != 0)
            throw new ArgumentException($"{values.Length} feature values do not form rows of width {width}.", nameof(values));
        names ??= Enumerable.Range(0, width).Select(i => $"f{i}").ToArray();
        return new EncodedFeatures(values.Length / width, width, names, values, Enumerable.Range(0, width).ToArray(), [], 0);
    }

    /// <summary>Writes rows [<paramref name="start"/>, start + <paramref name="count"/>) in dense row-major form into <paramref name="destination"/>.</summary>
    public void WriteRows(int start, int count, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Rows);
        if (destination.Length < count * Width)
            throw new ArgumentException($"{count} rows of width {Width} need {count * Width} values; the destination holds {destination.Length}.", nameof(destination));
        if (IsDenseMatrix)
        {
            Dense.AsSpan(start * Width, count * Width).CopyTo(destination);
            return;
        }
        destination[..(count * Width)].Clear();
        var denseWidth = DenseColumns.Length;
        for (var r = 0; r < count; r++)
        {
            var row = destination.Slice(r * Width, Width);
            var dense = Dense.AsSpan((start + r) * denseWidth, denseWidth);
            for (var j = 0; j < denseWidth; j++) row[DenseColumns[j]] = dense[j];
            var hot = Hot.AsSpan((start + r) * HotBlocks, HotBlocks);
            foreach (var column in hot)
            {
                if (column >= 0) row[column] = 1f;
            }
        }
    }

    /// <summary>The whole dense matrix, as <see cref="FittedFeaturePipeline.Transform"/> returns it. Allocates rows × width floats.</summary>
    public FeatureMatrix ToMatrix()
    {
        var values = new float[checked(Rows * Width)];
        WriteRows(0, Rows, values);
        return new FeatureMatrix(values, Rows, Width, Names);
    }
}
