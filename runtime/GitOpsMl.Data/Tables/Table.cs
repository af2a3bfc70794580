namespace GitOpsMl.Data.Tables;

/// <summary>
/// A columnar in-memory table: column name → typed column, all the same length. Each row
/// remembers where it came from in the source file, so a violation found after rows were
/// dropped or split still names the line a person can open.
/// </summary>
public sealed class Table
{
    private readonly Dictionary<string, TableColumn> _byName = new(StringComparer.Ordinal);
    private readonly TableColumn[] _columns;
    private readonly long[] _sourceRows;

    /// <param name="columns">Columns in file order; names must be unique and lengths equal.</param>
    /// <param name="sourceRows">Per row, its line (CSV) or 1-based row number (Parquet); null numbers rows 1..n.</param>
    /// <param name="rowKind">What <paramref name="sourceRows"/> counts.</param>
    public Table(IEnumerable<TableColumn> columns, long[]? sourceRows = null, SourceRowKind rowKind = SourceRowKind.Row)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
        var length = _columns.Length == 0 ? sourceRows?.Length ?? 0 : _columns[0].Length;
        foreach (var column in _columns)
        {
            if (column.Length != length)
            {
                throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows, expected {length}.", nameof(columns));
            }
            if (!_byName.TryAdd(column.Name, column))
            {
                throw new ArgumentException($"Column '{column.Name}' appears more than once.", nameof(columns));
            }
        }
        _sourceRows = sourceRows ?? Enumerable.Range(1, length).Select(i => (long)i).ToArray();
        if (_sourceRows.Length != length)
        {
            throw new ArgumentException($"{_sourceRows.Length} source row numbers for {length} rows.", nameof(sourceRows));
        }
        RowKind = rowKind;
    }

    /// <summary>A table from columns, rows numbered 1..n.</summary>
    public static Table Of(params TableColumn[] columns) => new(columns);

    public int RowCount => _sourceRows.Length;

    public IReadOnlyList<TableColumn> Columns => _columns;

    public IReadOnlyList<string> ColumnNames => _columns.Select(c => c.Name).ToArray();

    public SourceRowKind RowKind { get; }

    /// <summary>Where row <paramref name="row"/> (0-based index into this table) came from in the source.</summary>
    public long SourceRow(int row) => _sourceRows[row];

    /// <summary>"line 12" or "row 12": how a message names a row for a person.</summary>
    public string DescribeRow(int row) => $"{(RowKind == SourceRowKind.Line ? "line" : "row")} {_sourceRows[row]}";

    public bool Contains(string name) => _byName.ContainsKey(name);

    public bool TryGetColumn(string name, out TableColumn column) => _byName.TryGetValue(name, out column!);

    public TableColumn this[string name] => _byName.TryGetValue(name, out var column)
        ? column
        : throw new KeyNotFoundException($"The table has no column '{name}'; its columns are [{string.Join(", ", _byName.Keys)}].");

    public NumericColumn Numeric(string name) => As<NumericColumn>(name, "numeric (float, int or bool)");

    public StringColumn Strings(string name) => As<StringColumn>(name, "string or category");

    public TimestampColumn Timestamps(string name) => As<TimestampColumn>(name, "timestamp");

    /// <summary>A new table with the given rows (0-based indices into this one), in that order; source rows travel along.</summary>
    public Table Take(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sources = new long[rows.Count];
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = _sourceRows[rows[i]];
        }
        return new Table(_columns.Select(c => c.Take(rows)), sources, RowKind);
    }

    private T As<T>(string name, string expected) where T : TableColumn =>
        this[name] as T ?? throw new InvalidOperationException($"Column '{name}' is {this[name].Type}, not {expected}.");
}
