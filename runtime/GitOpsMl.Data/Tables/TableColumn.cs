using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Tables;

/// <summary>
/// One typed column of a <see cref="Table"/>. Columns are plain arrays rather than boxed cells so
/// that statistics and transforms over millions of rows stay cheap.
/// </summary>
public abstract class TableColumn
{
    protected TableColumn(string name, ColumnType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Type = type;
    }

    public string Name { get; }

    /// <summary>The schema type the column was read as.</summary>
    public ColumnType Type { get; }

    public abstract int Length { get; }

    /// <summary>Whether the cell holds no value (NaN, null or "" depending on the column kind).</summary>
    public abstract bool IsMissing(int row);

    /// <summary>
    /// The cell as invariant text, or null when missing. One spelling per value (42 → "42",
    /// true → "true", timestamps in round-trip "O" format, UTC), so hashing and label classes
    /// never depend on how the source happened to write the value.
    /// </summary>
    public abstract string? CanonicalValue(int row);

    /// <summary>A new column holding the given rows, in the given order.</summary>
    public abstract TableColumn Take(IReadOnlyList<int> rows);
}
