using System.Globalization;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Tables;

/// <summary>A timestamp column, normalised to UTC at read time so ordering never depends on offsets. Missing is null.</summary>
public sealed class TimestampColumn : TableColumn
{
    public TimestampColumn(string name, DateTimeOffset?[] values) : base(name, ColumnType.Timestamp)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values.Select(v => v?.ToUniversalTime()).ToArray();
    }

    public DateTimeOffset?[] Values { get; }

    public override int Length => Values.Length;

    public override bool IsMissing(int row) => Values[row] is null;

    public override string? CanonicalValue(int row) =>
        Values[row]?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public override TableColumn Take(IReadOnlyList<int> rows)
    {
        var taken = new DateTimeOffset?[rows.Count];
        for (var i = 0; i < taken.Length; i++)
        {
            taken[i] = Values[rows[i]];
        }
        return new TimestampColumn(Name, taken);
    }
}
