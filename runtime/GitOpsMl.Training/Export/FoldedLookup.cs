namespace GitOpsMl.Training.Export;

/// <summary>
/// Categorical feature <see cref="Feature"/> as rows of the folded embedding table: each key (every vocabulary
/// value, and "" where the column is imputed) maps to its row, anything else to <see cref="DefaultRow"/>.
/// </summary>
public sealed record FoldedLookup(int Feature, IReadOnlyList<string> Keys, IReadOnlyList<long> Rows, long DefaultRow);
