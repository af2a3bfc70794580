using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Tables;
using GitOpsMl.Data.Validation;
using Parquet;
using Parquet.Schema;
using static GitOpsMl.Data.Tests.Specs;

namespace GitOpsMl.Data.Tests;

public class ParquetReadingTests
{
    private static readonly DataField<double?> X = new("x");
    private static readonly DataField<long?> N = new("n");
    private static readonly DataField<bool?> Flag = new("flag");
    private static readonly DataField<string> Plan = new("plan");
    private static readonly DataField<DateTime?> At = new("at");

    private static async Task<byte[]> WriteAsync(params (double?[] X, long?[] N, bool?[] Flag, string?[] Plan, DateTime?[] At)[] groups)
    {
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(X, N, Flag, Plan, At), stream))
        {
            foreach (var g in groups)
            {
                using var rowGroup = writer.CreateRowGroup();
                await rowGroup.WriteAsync<double>(X, g.X.AsMemory());
                await rowGroup.WriteAsync<long>(N, g.N.AsMemory());
                await rowGroup.WriteAsync<bool>(Flag, g.Flag.AsMemory());
                await rowGroup.WriteAsync(Plan, g.Plan);
                await rowGroup.WriteAsync<DateTime>(At, g.At.AsMemory());
            }
        }
        return stream.ToArray();
    }

    private static DatasetSpec Spec => Dataset(
        Col("x", ColumnType.Float), Col("n", ColumnType.Int), Col("flag", ColumnType.Bool),
        Col("plan", ColumnType.Category), Col("at", ColumnType.Timestamp)) with { Format = DataFormat.Parquet };

    [Fact]
    public async Task The_row_count_from_the_files_metadata_is_the_rows_the_runs_table_has()
    {
        var t0 = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        var bytes = await WriteAsync(
            ([1.5, null], [7, null], [true, null], ["basic", null], [t0, null]),
            ([2], [-3], [false], ["pro"], [t0]));

        Assert.Equal(3, await ParquetTableReader.CountRowsAsync(new MemoryStream(bytes)));
        Assert.Equal(3, DatasetReader.Read(Spec, bytes).Table.RowCount);
    }

    [Fact]
    public async Task A_written_file_reads_back_with_types_nulls_and_row_numbers_across_row_groups()
    {
        var t0 = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        var bytes = await WriteAsync(
            ([1.5, null], [7, null], [true, null], ["basic", null], [t0, null]),
            ([double.PositiveInfinity], [-3], [false], ["pro"], [t0.AddDays(1)]));

        var raw = DatasetReader.Read(Spec, bytes);

        Assert.Empty(raw.ReadErrors);
        Assert.Equal(DataFormat.Parquet, raw.Format);
        var t = raw.Table;
        Assert.Equal(3, t.RowCount);
        Assert.Equal(SourceRowKind.Row, t.RowKind);
        Assert.Equal([1L, 2L, 3L], Enumerable.Range(0, 3).Select(t.SourceRow));
        Assert.Equal([1.5, double.NaN, double.PositiveInfinity], t.Numeric("x").Values);
        Assert.Equal([7.0, double.NaN, -3], t.Numeric("n").Values);
        Assert.Equal([1.0, double.NaN, 0], t.Numeric("flag").Values);
        Strings(["basic", null, "pro"], t.Strings("plan").Values);
        Assert.Equal([new DateTimeOffset(t0), null, new DateTimeOffset(t0.AddDays(1))], t.Timestamps("at").Values);
        Assert.Equal(ContentHash.OfBytes(bytes), raw.Sha256);
    }

    [Fact]
    public async Task Physical_types_convert_to_the_schema_and_bad_values_are_type_errors()
    {
        var bytes = await WriteAsync(([2.5, 3], [1, 2], [true, false], ["4", "x"], [DateTime.UnixEpoch, DateTime.UnixEpoch]));
        // x (double) read as int: 2.5 is not an integer. n (int64) read as category: "1", "2".
        // plan (string) read as float: "4" parses, "x" does not.
        var spec = Dataset(
            Col("x", ColumnType.Int), Col("n", ColumnType.Category), Col("flag", ColumnType.Bool),
            Col("plan", ColumnType.Float), Col("at", ColumnType.Timestamp)) with { Format = DataFormat.Parquet };

        var raw = DatasetReader.Read(spec, bytes);

        Assert.Equal([(0, "x"), (1, "plan")], raw.ReadErrors.Select(e => (e.Row, e.Column!)));
        Assert.All(raw.ReadErrors, e => Assert.Equal(ViolationKind.Type, e.Kind));
        Assert.Equal([double.NaN, 3], raw.Table.Numeric("x").Values);
        Strings(["1", "2"], raw.Table.Strings("n").Values);
        Assert.Equal([4.0, double.NaN], raw.Table.Numeric("plan").Values);
    }

    [Fact]
    public async Task Columns_that_differ_from_the_schema_are_refused()
    {
        var bytes = await WriteAsync(([1.0], [1], [true], ["a"], [DateTime.UnixEpoch]));
        var spec = Dataset(Col("x", ColumnType.Float), Col("y", ColumnType.Float)) with { Format = DataFormat.Parquet };

        var e = Assert.Throws<DataRefusedException>(() => DatasetReader.Read(spec, bytes));

        Assert.Equal(DataRefusalReason.SchemaMismatch, e.Refusal);
        Assert.Contains("in the schema but not in the file: ['y']", e.Message);
        Assert.Contains("in the file but not in the schema: ['n', 'flag', 'plan', 'at']", e.Message);
    }

    [Fact]
    public void Bytes_that_are_not_parquet_are_unreadable()
    {
        var e = Assert.Throws<DataRefusedException>(() => DatasetReader.Read(Spec, Utf8("x,n\n1,2\n")));
        Assert.Equal(DataRefusalReason.Unreadable, e.Refusal);
    }
}
