using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Tables;

/// <summary>
/// A string or category column. Missing is null; "" is treated as missing too, because a CSV
/// cannot tell an empty string from an empty cell and the two must not mean different things
/// in training and serving.
/// </summary>
public sealed class StringColumn : TableColumn
{
    public StringColumn(string name, ColumnType type, string?[] values) : base(name, type)
    {
        if (type is not (ColumnType.String or ColumnType.Category))
        {
            throw new ArgumentException($"Column '{name}': a string column holds string or category, not {type}.", nameof(type));
        }
        Values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>Convenience for tests and callers building tables by hand: a category column.</summary>
    public StringColumn(string name, params string?[] values) : this(name, ColumnType.Category, values)
    {
    }

    public string?[] Values { get; }

    public override int Length => Values.Length;

    public override bool IsMissing(int row) => string.IsNullOrEmpty(Values[row]);

    public override string? CanonicalValue(int row) => IsMissing(row) ? null : Values[row];

    public override TableColumn Take(IReadOnlyList<int> rows)
    {
        var taken = new string?[rows.Count];
        for (var i = 0; i < taken.Length; i++)
        {
            taken[i] = Values[rows[i]];
        }
        return new StringColumn(Name, Type, taken);
    }
}
