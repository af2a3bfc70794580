using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Tables;
using GitOpsMl.Data.Validation;

namespace GitOpsMl.Data.Reading;

/// <summary>
/// Accumulates rows for the readers: one typed buffer per column, parse failures recorded as
/// <see cref="ReadError"/>s (the cell stays missing) so a bad cell never aborts a read.
/// </summary>
internal sealed class TableBuilder
{
    private readonly ColumnSpec[] _columns;
    private readonly List<double>[] _numbers;
    private readonly List<string?>[] _strings;
    private readonly List<DateTimeOffset?>[] _times;
    private readonly Dictionary<string, string>?[] _pools;
    private readonly List<long> _sourceRows;
    private readonly List<ReadError> _errors = [];
    private readonly SourceRowKind _rowKind;

    /// <param name="columns">The schema's columns in the order the file holds them.</param>
    /// <param name="rowKind">What the source row numbers count.</param>
    /// <param name="expectedRows">Rows the buffers are sized for up front (an estimate; 0 when unknown), so millions of rows are not regrown and recopied.</param>
    public TableBuilder(IReadOnlyList<ColumnSpec> columns, SourceRowKind rowKind, int expectedRows = 0)
    {
        _sourceRows = new List<long>(expectedRows);
        _columns = columns.ToArray();
        _numbers = new List<double>[_columns.Length];
        _strings = new List<string?>[_columns.Length];
        _times = new List<DateTimeOffset?>[_columns.Length];
        _pools = new Dictionary<string, string>?[_columns.Length];
        for (var c = 0; c < _columns.Length; c++)
        {
            switch (_columns[c].Type)
            {
                case ColumnType.Float or ColumnType.Int or ColumnType.Bool: _numbers[c] = new List<double>(expectedRows); break;
                case ColumnType.String or ColumnType.Category:
                    _strings[c] = new List<string?>(expectedRows);
                    _pools[c] = new Dictionary<string, string>(StringComparer.Ordinal);
                    break;
                default: _times[c] = new List<DateTimeOffset?>(expectedRows); break;
            }
        }
        _rowKind = rowKind;
    }

    public int RowCount => _sourceRows.Count;

    /// <summary>Appends a row of missing cells and returns its index.</summary>
    public int AddRow(long sourceRow)
    {
        for (var c = 0; c < _columns.Length; c++)
        {
            _numbers[c]?.Add(double.NaN);
            _strings[c]?.Add(null);
            _times[c]?.Add(null);
        }
        _sourceRows.Add(sourceRow);
        return _sourceRows.Count - 1;
    }

    /// <summary>
    /// Most values a column's pool holds. Categorical columns repeat a few values millions of times; one shared
    /// string per value keeps 3M rows of an airport code at 8 bytes a cell instead of about 30. A column with more
    /// distinct values than this (ids, free text) stops adding to its pool, so the pool stays small.
    /// </summary>
    private const int PoolLimit = 16384;

    private string Pooled(int column, string text)
    {
        var pool = _pools[column]!;
        if (pool.TryGetValue(text, out var shared)) return shared;
        if (pool.Count < PoolLimit) pool[text] = text;
        return text;
    }

    public void MarkMalformed(int row, string message, string? raw) =>
        _errors.Add(new ReadError(row, null, raw, ViolationKind.MalformedRow, message));

    /// <summary>Sets a cell from text that is known not to be missing (the caller handles empty and null values).</summary>
    public void SetText(int row, int column, string text)
    {
        var spec = _columns[column];
        switch (spec.Type)
        {
            case ColumnType.String or ColumnType.Category:
                _strings[column][row] = Pooled(column, text);
                break;
            case ColumnType.Timestamp:
                if (CellParser.TryParseTimestamp(text, out var time))
                {
                    _times[column][row] = time;
                }
                else
                {
                    Fail(row, spec, text, "a timestamp");
                }
                break;
            default:
                var ok = spec.Type switch
                {
                    ColumnType.Int => CellParser.TryParseInt(text, out var n) && Store(row, column, n),
                    ColumnType.Bool => CellParser.TryParseBool(text, out var b) && Store(row, column, b),
                    _ => CellParser.TryParseFloat(text, out var f) && Store(row, column, f),
                };
                if (!ok)
                {
                    Fail(row, spec, text, spec.Type switch
                    {
                        ColumnType.Int => "an integer",
                        ColumnType.Bool => $"a bool ({BoolText.Spellings})",
                        _ => "a number",
                    });
                }
                break;
        }
    }

    /// <summary>Whether a column is held as numbers (float, int, bool): the target of <see cref="SetNumbers{T}"/>.</summary>
    public bool IsNumeric(int column) => _numbers[column] is not null;

    /// <summary>
    /// Typed fast path for a Parquet numeric column into a numeric schema column: the same checks as
    /// <see cref="SetValue"/> (integral for int, 0/1 for bool) without boxing every value.
    /// </summary>
    public void SetNumbers<T>(int firstRow, int column, ReadOnlySpan<T?> values, Func<T, double> toDouble) where T : struct
    {
        var spec = _columns[column];
        var target = _numbers[column];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not { } value) continue;
            var n = toDouble(value);
            var valid = spec.Type switch
            {
                ColumnType.Int => double.IsNaN(n) || (double.IsFinite(n) && Math.Floor(n) == n),
                ColumnType.Bool => double.IsNaN(n) || n is 0 or 1,
                _ => true,
            };
            if (valid) target[firstRow + i] = n;
            else Fail(firstRow + i, spec, CellParser.AsText(value), spec.Type == ColumnType.Int ? "an integer" : "a bool");
        }
    }

    /// <summary>Sets a cell from a typed Parquet value (null = missing); text is parsed as CSV text would be.</summary>
    public void SetValue(int row, int column, object? value)
    {
        if (value is null)
        {
            return;
        }
        if (value is string text)
        {
            if (text.Length > 0)
            {
                SetText(row, column, text);
            }
            return;
        }
        var spec = _columns[column];
        switch (spec.Type)
        {
            case ColumnType.String or ColumnType.Category:
                _strings[column][row] = Pooled(column, CellParser.AsText(value));
                return;
            case ColumnType.Timestamp:
                if (CellParser.AsTimestamp(value) is { } time)
                {
                    _times[column][row] = time;
                }
                else
                {
                    Fail(row, spec, CellParser.AsText(value), "a timestamp");
                }
                return;
        }
        var number = CellParser.AsDouble(value);
        var valid = number switch
        {
            null => false,
            { } n when spec.Type == ColumnType.Int => double.IsNaN(n) || (double.IsFinite(n) && Math.Floor(n) == n),
            { } n when spec.Type == ColumnType.Bool => double.IsNaN(n) || n is 0 or 1,
            _ => true,
        };
        if (valid)
        {
            _numbers[column][row] = number!.Value;
        }
        else
        {
            Fail(row, spec, CellParser.AsText(value), spec.Type switch
            {
                ColumnType.Int => "an integer",
                ColumnType.Bool => "a bool",
                _ => "a number",
            });
        }
    }

    /// <summary>The table; call once. Each column's buffer is released as soon as it is copied, so the copy never holds every buffer and every array at once.</summary>
    public (Table Table, IReadOnlyList<ReadError> Errors) Build()
    {
        var columns = new TableColumn[_columns.Length];
        for (var c = 0; c < _columns.Length; c++)
        {
            var spec = _columns[c];
            columns[c] = spec.Type switch
            {
                ColumnType.String or ColumnType.Category => new StringColumn(spec.Name, spec.Type, _strings[c].ToArray()),
                ColumnType.Timestamp => new TimestampColumn(spec.Name, _times[c].ToArray()),
                _ => new NumericColumn(spec.Name, spec.Type, _numbers[c].ToArray()),
            };
            (_strings[c], _times[c], _numbers[c]) = (null!, null!, null!);
        }
        var sourceRows = _sourceRows.ToArray();
        _sourceRows.Clear();
        _sourceRows.Capacity = 0;
        return (new Table(columns, sourceRows, _rowKind), _errors);
    }

    private bool Store(int row, int column, double value)
    {
        _numbers[column][row] = value;
        return true;
    }

    private void Fail(int row, ColumnSpec spec, string text, string expected) =>
        _errors.Add(new ReadError(row, spec.Name, text, ViolationKind.Type,
            $"'{Shorten(text)}' is not {expected} (column '{spec.Name}' is {ApiNames.Of(spec.Type)})"));

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
