namespace GitOpsMl.Data.Validation;

/// <summary>All violations of one kind in one column: the total and the first <see cref="MaxExamples"/> in file order.</summary>
public sealed record ViolationSummary(ViolationKind Kind, string? Column, long Count, IReadOnlyList<ViolationExample> Examples)
{
    /// <summary>Ten examples show a pattern without turning a report on a million bad rows into a million lines.</summary>
    public const int MaxExamples = 10;
}
