using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Tables;
using Parquet;
using Parquet.Schema;

namespace GitOpsMl.Data.Reading;

/// <summary>
/// Reads a flat Parquet file into a <see cref="Table"/> per the Dataset schema. Physical types are
/// converted to the schema's: any numeric type feeds float/int/bool columns (int needs integral
/// values, bool 0/1), numbers and bools feed string/category columns as invariant text, Parquet
/// dates and timestamps (no offset = UTC) feed timestamp columns, and string columns are parsed
/// exactly as CSV cells are. Nested and repeated fields are refused. Rows are numbered 1..n across
/// row groups.
/// </summary>
public static class ParquetTableReader
{
    public static RawDataset Read(DatasetSpec spec, byte[] bytes, string sha256)
    {
        var (table, errors) = ReadTable(spec.Schema, bytes);
        return new RawDataset(table, errors, sha256, bytes.LongLength, DataFormat.Parquet);
    }

    /// <remarks>
    /// Parquet.Net is async-only; the bytes are already in memory and the trainer is a console
    /// process without a synchronization context, so blocking here cannot deadlock.
    /// </remarks>
    public static (Table Table, IReadOnlyList<ReadError> Errors) ReadTable(IReadOnlyList<ColumnSpec> schema, byte[] bytes) =>
        ReadTableAsync(schema, bytes).GetAwaiter().GetResult();

    public static Task<(Table Table, IReadOnlyList<ReadError> Errors)> ReadTableAsync(IReadOnlyList<ColumnSpec> schema, byte[] bytes) =>
        ReadTableAsync(schema, new MemoryStream(bytes, writable: false), int.MaxValue);

    /// <summary>
    /// Row groups from the start until at least <paramref name="maxRows"/> rows are read (whole groups: Parquet
    /// stores a group's column chunks together), from a seekable stream: what `validate` samples.
    /// </summary>
    public static async Task<(Table Table, IReadOnlyList<ReadError> Errors)> ReadTableAsync(IReadOnlyList<ColumnSpec> schema, Stream stream, int maxRows)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ParquetException or ArgumentException or NotSupportedException)
        {
            throw new DataRefusedException(DataRefusalReason.Unreadable, $"The file is not readable Parquet: {e.Message}", e);
        }
        await using (reader.ConfigureAwait(false))
        {
            var nested = reader.Schema.Fields.Where(f => f is not DataField || ((DataField)f).IsArray).Select(f => f.Name).ToList();
            if (nested.Count > 0)
            {
                throw new DataRefusedException(DataRefusalReason.SchemaMismatch,
                    $"The Parquet file has nested or repeated fields [{string.Join(", ", nested)}]; only flat columns are supported.");
            }
            var fields = reader.Schema.DataFields;
            var columns = ColumnMatcher.Match(fields.Select(f => f.Name).ToArray(), schema, "the Parquet file");
            // The row groups say how many rows there are: size the buffers once (bounded by a sample's maxRows).
            var expectedRows = (int)Math.Min(maxRows, Enumerable.Range(0, reader.RowGroupCount).Sum(g => reader.OpenRowGroupReader(g).RowCount));
            var builder = new TableBuilder(columns, SourceRowKind.Row, expectedRows);
            for (var g = 0; g < reader.RowGroupCount && builder.RowCount < maxRows; g++)
            {
                var group = reader.OpenRowGroupReader(g);
                var count = checked((int)group.RowCount);
                var first = builder.RowCount;
                for (var r = 0; r < count; r++)
                {
                    builder.AddRow(first + r + 1);
                }
                for (var c = 0; c < fields.Length; c++)
                {
                    if (builder.IsNumeric(c) && await TryReadNumbersAsync(group, fields[c], count, builder, first, c).ConfigureAwait(false))
                    {
                        continue;
                    }
                    var values = await ReadColumnAsync(group, fields[c], count).ConfigureAwait(false);
                    for (var r = 0; r < count; r++)
                    {
                        builder.SetValue(first + r, c, values[r]);
                    }
                }
            }
            return builder.Build();
        }
    }

    /// <summary>
    /// How many rows the file holds, from its footer's metadata (each row group's row count) without reading a
    /// column: the rows a run's table gets.
    /// </summary>
    public static async Task<long> CountRowsAsync(Stream stream)
    {
        try
        {
            var reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                // Summed as the reader numbers rows (across row groups); opening a group reads no column.
                return Enumerable.Range(0, reader.RowGroupCount).Sum(g => reader.OpenRowGroupReader(g).RowCount);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ParquetException or ArgumentException or NotSupportedException)
        {
            throw new DataRefusedException(DataRefusalReason.Unreadable, $"The file is not readable Parquet: {e.Message}", e);
        }
    }

    /// <summary>Numeric Parquet types straight into a numeric column, unboxed; false for any other type (the boxed path handles it).</summary>
    private static async Task<bool> TryReadNumbersAsync(ParquetRowGroupReader group, DataField field, int count, TableBuilder builder, int first, int column)
    {
        var type = field.ClrType;
        if (type == typeof(double)) await Typed<double>(v => v).ConfigureAwait(false);
        else if (type == typeof(float)) await Typed<float>(v => v).ConfigureAwait(false);
        else if (type == typeof(long)) await Typed<long>(v => v).ConfigureAwait(false);
        else if (type == typeof(int)) await Typed<int>(v => v).ConfigureAwait(false);
        else if (type == typeof(short)) await Typed<short>(v => v).ConfigureAwait(false);
        else if (type == typeof(bool)) await Typed<bool>(v => v ? 1 : 0).ConfigureAwait(false);
        else return false;
        return true;

        async Task Typed<T>(Func<T, double> toDouble) where T : struct
        {
            var values = new T?[count];
            await group.ReadAsync<T>(field, values.AsMemory()).ConfigureAwait(false);
            builder.SetNumbers<T>(first, column, values, toDouble);
        }
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int count)
    {
        var type = field.ClrType;
        // Parquet.Net 6 reports UTF-8 columns as ReadOnlyMemory<char>, older files' untagged
        // binary as bytes; both are read through its UTF-8 string reader.
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>) || type == typeof(ReadOnlyMemory<byte>) || type == typeof(byte[]))
        {
            var strings = new string?[count];
            await group.ReadAsync(field, strings.AsMemory()).ConfigureAwait(false);
            return strings;
        }
        return type switch
        {
            _ when type == typeof(double) => await ReadStructsAsync<double>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(float) => await ReadStructsAsync<float>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(decimal) => await ReadStructsAsync<decimal>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(long) => await ReadStructsAsync<long>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(int) => await ReadStructsAsync<int>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(short) => await ReadStructsAsync<short>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(sbyte) => await ReadStructsAsync<sbyte>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(byte) => await ReadStructsAsync<byte>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(ushort) => await ReadStructsAsync<ushort>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(uint) => await ReadStructsAsync<uint>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(ulong) => await ReadStructsAsync<ulong>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(bool) => await ReadStructsAsync<bool>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(DateTime) => await ReadStructsAsync<DateTime>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(DateTimeOffset) => await ReadStructsAsync<DateTimeOffset>(group, field, count).ConfigureAwait(false),
            _ when type == typeof(DateOnly) => await ReadStructsAsync<DateOnly>(group, field, count).ConfigureAwait(false),
            _ => throw new DataRefusedException(DataRefusalReason.SchemaMismatch,
                $"Parquet column '{field.Name}' has type {type.Name}, which no schema type can hold."),
        };
    }

    private static async Task<object?[]> ReadStructsAsync<T>(ParquetRowGroupReader group, DataField field, int count) where T : struct
    {
        var values = new T?[count];
        await group.ReadAsync<T>(field, values.AsMemory()).ConfigureAwait(false);
        var boxed = new object?[count];
        for (var i = 0; i < count; i++)
        {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
