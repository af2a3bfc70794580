namespace GitOpsMl.Data.Labels;

/// <summary>
/// Encoded labels for the rows that have a usable one. <see cref="Rows"/> are 0-based indices into
/// the table that was encoded (take the same rows of the features: <c>pipeline.Transform(table.Take(labels.Rows))</c>).
/// </summary>
/// <param name="Values">Per kept row: 0/1 (binary), class index (multiclass) or the value (regression).</param>
/// <param name="DroppedMissing">Rows dropped because the label is missing.</param>
/// <param name="DroppedUnseen">Rows dropped because their class was not in the training split.</param>
/// <param name="DroppedNonFinite">Regression rows dropped because the label is ±infinity.</param>
/// <param name="UnseenClasses">The distinct unseen classes, ordinal order, at most ten.</param>
public sealed record EncodedLabels(
    double[] Values,
    int[] Rows,
    long DroppedMissing,
    long DroppedUnseen,
    long DroppedNonFinite,
    IReadOnlyList<string> UnseenClasses)
{
    public long Dropped => DroppedMissing + DroppedUnseen + DroppedNonFinite;
}
