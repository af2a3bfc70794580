using System.Globalization;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Tables;

/// <summary>
/// A float, int or bool column as doubles. Missing is NaN (so NaN is never a value); bool is 0/1;
/// ints are exact up to 2^53, which covers any count or code a feature column holds.
/// </summary>
public sealed class NumericColumn : TableColumn
{
    public NumericColumn(string name, ColumnType type, double[] values) : base(name, type)
    {
        if (type is not (ColumnType.Float or ColumnType.Int or ColumnType.Bool))
        {
            throw new ArgumentException($"Column '{name}': a numeric column holds float, int or bool, not {type}.", nameof(type));
        }
        Values = values ?? throw new ArgumentNullException(nameof(values));
    }

    /// <summary>Convenience for tests and callers building tables by hand: a float column.</summary>
    public NumericColumn(string name, params double[] values) : this(name, ColumnType.Float, values)
    {
    }

    public double[] Values { get; }

    public override int Length => Values.Length;

    public override bool IsMissing(int row) => double.IsNaN(Values[row]);

    public override string? CanonicalValue(int row)
    {
        var v = Values[row];
        if (double.IsNaN(v))
        {
            return null;
        }
        if (Type == ColumnType.Bool)
        {
            return v != 0 ? "true" : "false";
        }
        return v.ToString("R", CultureInfo.InvariantCulture);
    }

    public override TableColumn Take(IReadOnlyList<int> rows)
    {
        var taken = new double[rows.Count];
        for (var i = 0; i < taken.Length; i++)
        {
            taken[i] = Values[rows[i]];
        }
        return new NumericColumn(Name, Type, taken);
    }
}
