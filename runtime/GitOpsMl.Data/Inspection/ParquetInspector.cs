using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using Parquet;
using Parquet.Schema;

namespace GitOpsMl.Data.Inspection;

/// <summary>
/// Inspects a flat Parquet file: numeric, bool and date/time columns take their type from the
/// file; text columns are inferred from their values as CSV cells are (training parses them the
/// same way). Whole row groups are read until the row bound is reached; the total row count comes
/// from the file's metadata.
/// </summary>
public static class ParquetInspector
{
    /// <remarks>Parquet.Net is async-only; a console process has no synchronization context, so blocking cannot deadlock.</remarks>
    public static InspectionReport Inspect(string path, InspectionOptions options) => InspectAsync(path, options).GetAwaiter().GetResult();

    public static async Task<InspectionReport> InspectAsync(string path, InspectionOptions options)
    {
        await using var stream = CsvInspector.OpenRead(path);
        if (stream.Length == 0) throw new InspectionException($"{path}: the file is empty, not Parquet");
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ParquetException or ArgumentException or NotSupportedException)
        {
            throw new InspectionException($"{path}: the file is not readable Parquet: {e.Message}", e);
        }
        await using (reader.ConfigureAwait(false))
        {
            var nested = reader.Schema.Fields.Where(f => f is not DataField { IsArray: false }).Select(f => f.Name).ToList();
            if (nested.Count > 0)
                throw new InspectionException($"{path}: the Parquet file has nested or repeated fields [{string.Join(", ", nested)}]; only flat columns are supported");
            var fields = reader.Schema.DataFields;
            var columns = fields.Select(f => new ColumnStatistics(f.Name, options) { PhysicalType = PhysicalType(f.ClrType) }).ToArray();
            var total = Enumerable.Range(0, reader.RowGroupCount).Sum(g => reader.OpenRowGroupReader(g).RowCount);
            var nullValues = new HashSet<string>(CsvTableReader.DefaultNullValues, StringComparer.Ordinal);
            long rows = 0;
            for (var g = 0; g < reader.RowGroupCount && rows < options.MaxRows; g++)
            {
                var group = reader.OpenRowGroupReader(g);
                var take = (int)Math.Min(group.RowCount, options.MaxRows - rows);
                for (var c = 0; c < fields.Length; c++)
                {
                    var values = await ReadColumnAsync(group, fields[c], checked((int)group.RowCount)).ConfigureAwait(false);
                    for (var r = 0; r < take; r++)
                    {
                        switch (values[r])
                        {
                            case null: columns[c].AddNull(); break;
                            case string s: columns[c].AddText(s, nullValues); break;
                            case var v: columns[c].AddTyped(v); break;
                        }
                    }
                }
                rows += take;
            }
            var notes = new List<string>();
            if (rows < total)
                notes.Add($"Read the first {rows} of {total} rows only (--rows {options.MaxRows}): every figure describes the rows read.");
            return new InspectionReport(path, DataFormat.Parquet, null, columns.Select(c => c.ToColumn()).ToList(), rows, rows < total, total, notes);
        }
    }

    /// <summary>The schema type a Parquet type maps to as the reader converts it; null for text, whose values decide.</summary>
    public static ColumnType? PhysicalType(Type clr) => clr switch
    {
        _ when clr == typeof(double) || clr == typeof(float) || clr == typeof(decimal) => ColumnType.Float,
        _ when clr == typeof(long) || clr == typeof(int) || clr == typeof(short) || clr == typeof(sbyte) || clr == typeof(byte)
               || clr == typeof(ushort) || clr == typeof(uint) || clr == typeof(ulong) => ColumnType.Int,
        _ when clr == typeof(bool) => ColumnType.Bool,
        _ when clr == typeof(DateTime) || clr == typeof(DateTimeOffset) || clr == typeof(DateOnly) => ColumnType.Timestamp,
        _ => null,
    };

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int count)
    {
        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>) || type == typeof(ReadOnlyMemory<byte>) || type == typeof(byte[]))
        {
            var strings = new string?[count];
            await group.ReadAsync(field, strings.AsMemory()).ConfigureAwait(false);
            return strings;
        }
        return type switch
        {
            _ when type == typeof(double) => await Structs<double>().ConfigureAwait(false),
            _ when type == typeof(float) => await Structs<float>().ConfigureAwait(false),
            _ when type == typeof(decimal) => await Structs<decimal>().ConfigureAwait(false),
            _ when type == typeof(long) => await Structs<long>().ConfigureAwait(false),
            _ when type == typeof(int) => await Structs<int>().ConfigureAwait(false),
            _ when type == typeof(short) => await Structs<short>().ConfigureAwait(false),
            _ when type == typeof(sbyte) => await Structs<sbyte>().ConfigureAwait(false),
            _ when type == typeof(byte) => await Structs<byte>().ConfigureAwait(false),
            _ when type == typeof(ushort) => await Structs<ushort>().ConfigureAwait(false),
            _ when type == typeof(uint) => await Structs<uint>().ConfigureAwait(false),
            _ when type == typeof(ulong) => await Structs<ulong>().ConfigureAwait(false),
            _ when type == typeof(bool) => await Structs<bool>().ConfigureAwait(false),
            _ when type == typeof(DateTime) => await Structs<DateTime>().ConfigureAwait(false),
            _ when type == typeof(DateTimeOffset) => await Structs<DateTimeOffset>().ConfigureAwait(false),
            _ when type == typeof(DateOnly) => await Structs<DateOnly>().ConfigureAwait(false),
            _ => throw new InspectionException($"Parquet column '{field.Name}' has type {type.Name}, which no schema type can hold"),
        };

        async Task<object?[]> Structs<T>() where T : struct
        {
            var values = new T?[count];
            await group.ReadAsync<T>(field, values.AsMemory()).ConfigureAwait(false);
            return values.Select(v => (object?)v).ToArray();
        }
    }
}
