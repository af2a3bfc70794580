using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Tables;
using GitOpsMl.Data.Validation;
using static GitOpsMl.Data.Tests.Specs;

namespace GitOpsMl.Data.Tests;

public class CsvReadingTests
{
    private static RawDataset Read(DatasetSpec spec, string csv) => DatasetReader.Read(spec, Utf8(csv));

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_newlines_and_rows_remember_their_start_line()
    {
        var spec = Dataset(Col("id", ColumnType.String), Col("note", ColumnType.String), Col("x", ColumnType.Float));
        var raw = Read(spec, "id,note,x\n" +
                             "a,\"hello, world\",1.5\n" +
                             "b,\"two\nlines\",2\n" +
                             "c,\"she said \"\"hi\"\"\",3\n");

        Assert.Empty(raw.ReadErrors);
        var note = raw.Table.Strings("note").Values;
        Strings(["hello, world", "two\nlines", "she said \"hi\""], note);
        Assert.Equal([1.5, 2, 3], raw.Table.Numeric("x").Values);
        // Line 3 holds a record spanning two lines, so the next record starts on line 5.
        Assert.Equal([2L, 3L, 5L], Enumerable.Range(0, 3).Select(raw.Table.SourceRow));
        Assert.Equal(SourceRowKind.Line, raw.Table.RowKind);
        Assert.Equal("line 5", raw.Table.DescribeRow(2));
    }

    [Theory]
    [InlineData("id,note,x\na,\"two\nlines\",1\nb,\"three\nmore\nlines\",2\n", 2)]   // a quoted field spanning lines is one record
    [InlineData("id,note,x\na,b\nc,d,1,extra\ne,\"broken,3\n", 3)]                   // malformed records are rows too (the run's invalid ones)
    [InlineData("id,note,x\n", 0)]
    [InlineData("id,note,x\na,b,1", 1)]                                                // no newline at the end
    public void Counting_records_gives_the_rows_the_runs_table_has(string csv, int rows)
    {
        var spec = Dataset(Col("id", ColumnType.String), Col("note", ColumnType.String), Col("x", ColumnType.Float));

        using var stream = new MemoryStream(Utf8(csv));
        Assert.Equal((rows, rows), (CsvTableReader.CountRecords(spec.Csv, stream), Read(spec, csv).Table.RowCount));
    }

    [Fact]
    public void Header_names_with_spaces_and_punctuation_match_exactly()
    {
        var spec = Dataset(Col("tenure (months)", ColumnType.Int), Col("plan, tier", ColumnType.Category), Col("é-ok?", ColumnType.Bool));
        var raw = Read(spec, "tenure (months),\"plan, tier\",é-ok?\n12,basic,yes\n");

        Assert.Equal(["tenure (months)", "plan, tier", "é-ok?"], raw.Table.ColumnNames);
        Assert.Equal([12.0], raw.Table.Numeric("tenure (months)").Values);
        Strings(["basic"], raw.Table.Strings("plan, tier").Values);
        Assert.Equal([1.0], raw.Table.Numeric("é-ok?").Values);
    }

    [Fact]
    public void Empty_NA_and_NaN_cells_are_missing_by_default()
    {
        var spec = Dataset(Col("x", ColumnType.Float), Col("c", ColumnType.Category));
        var raw = Read(spec, "x,c\n,NA\nNA,\nNaN,NaN\n1,na\n");

        Assert.Empty(raw.ReadErrors);
        var x = raw.Table.Numeric("x").Values;
        Assert.True(x.Take(3).All(double.IsNaN));
        Assert.Equal(1, x[3]);
        // Null values match exactly: "na" is a category, not missing.
        Strings([null, null, null, "na"], raw.Table.Strings("c").Values);
    }

    [Fact]
    public void Custom_null_values_add_to_the_defaults()
    {
        var spec = Dataset(Col("x", ColumnType.Float), Col("c", ColumnType.String)) with
        {
            Csv = new CsvOptions { NullValues = ["?", "NULL"] },
        };
        var raw = Read(spec, "x,c\n?,NULL\nNaN,NA\n");

        Assert.True(double.IsNaN(raw.Table.Numeric("x").Values[0]));
        Assert.Null(raw.Table.Strings("c").Values[0]);
        // NA and NaN stay null values: setting "." must not turn the defaults into type errors.
        Assert.Null(raw.Table.Strings("c").Values[1]);
        Assert.True(double.IsNaN(raw.Table.Numeric("x").Values[1]));
        Assert.Empty(raw.ReadErrors);
    }

    [Fact]
    public void Custom_delimiter_and_no_header_read_columns_in_schema_order()
    {
        var spec = Dataset(Col("a", ColumnType.Int), Col("b", ColumnType.String)) with
        {
            Csv = new CsvOptions { Delimiter = ";", Header = false },
        };
        var raw = Read(spec, "1;x,y\n2;\"z;w\"\n");

        Assert.Equal([1.0, 2.0], raw.Table.Numeric("a").Values);
        Strings(["x,y", "z;w"], raw.Table.Strings("b").Values);
        Assert.Equal([1L, 2L], [raw.Table.SourceRow(0), raw.Table.SourceRow(1)]);
    }

    [Fact]
    public void Trimmed_spaces_make_padded_files_read_as_their_values_with_padded_null_markers_missing()
    {
        var spec = Dataset(Col("age", ColumnType.Int), Col("workclass", ColumnType.Category), Col("income", ColumnType.Category)) with
        {
            Csv = new CsvOptions { NullValues = ["?"], TrimSpaces = true },
        };
        var raw = Read(spec, " age , workclass, income\n39, State-gov, <=50K\n50, ?, >50K\n38, Self emp ,<=50K\n");

        Assert.Empty(raw.ReadErrors);
        Assert.Equal([39.0, 50.0, 38.0], raw.Table.Numeric("age").Values);
        Strings(["State-gov", null, "Self emp"], raw.Table.Strings("workclass").Values);
        Strings(["<=50K", ">50K", "<=50K"], raw.Table.Strings("income").Values);
    }

    [Fact]
    public void Without_trimming_a_padded_value_keeps_its_space()
    {
        var spec = Dataset(Col("a", ColumnType.Int), Col("b", ColumnType.String)) with { Csv = new CsvOptions { Header = false } };

        var raw = Read(spec, "1, x\n");

        Strings([" x"], raw.Table.Strings("b").Values);
    }

    [Fact]
    public void Typed_values_parse_invariantly_including_infinities_bools_and_timestamps()
    {
        var spec = Dataset(Col("f", ColumnType.Float), Col("i", ColumnType.Int), Col("b", ColumnType.Bool), Col("t", ColumnType.Timestamp));
        var raw = Read(spec, "f,i,b,t\n" +
                             "inf,3.0,TRUE,2024-01-02T03:04:05Z\n" +
                             "-Infinity,1e2,no,2024-01-02T05:04:05+02:00\n" +
                             " 2.5 ,-7,0,2024-01-03\n");

        Assert.Empty(raw.ReadErrors);
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity, 2.5], raw.Table.Numeric("f").Values);
        Assert.Equal([3.0, 100, -7], raw.Table.Numeric("i").Values);
        Assert.Equal([1.0, 0, 0], raw.Table.Numeric("b").Values);
        var t = raw.Table.Timestamps("t").Values;
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), t[0]);
        Assert.Equal(t[0], t[1]);
        Assert.Equal(TimeSpan.Zero, t[1]!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2024, 1, 3, 0, 0, 0, TimeSpan.Zero), t[2]);
    }

    [Fact]
    public void A_bool_cell_reads_every_spelling_BoolText_lists_in_any_case_with_surrounding_spaces_the_words_the_server_takes()
    {
        var words = BoolText.TrueWords.Concat(BoolText.FalseWords).ToArray();
        var cells = words.SelectMany(w => new[] { w, w.ToUpperInvariant(), $" {w} " }).ToArray();
        var raw = Read(Dataset(Col("b", ColumnType.Bool)), "b\n" + string.Join("\n", cells) + "\n");

        Assert.Empty(raw.ReadErrors);
        Assert.Equal(cells.Select(c => BoolText.TrueWords.Contains(c.Trim().ToLowerInvariant()) ? 1.0 : 0.0), raw.Table.Numeric("b").Values);
        Assert.Equal(["true", "t", "yes", "y", "1"], BoolText.TrueWords);
        Assert.Equal(["false", "f", "no", "n", "0"], BoolText.FalseWords);
    }

    [Fact]
    public void Unparseable_cells_are_type_errors_on_their_row_not_a_crash()
    {
        var spec = Dataset(Col("f", ColumnType.Float), Col("i", ColumnType.Int), Col("b", ColumnType.Bool));
        var raw = Read(spec, "f,i,b\nabc,1,true\n1,2.5,maybe\n1,2,true\n");

        Assert.Equal(3, raw.Table.RowCount);
        Assert.Equal(3, raw.ReadErrors.Count);
        Assert.All(raw.ReadErrors, e => Assert.Equal(ViolationKind.Type, e.Kind));
        Assert.Equal([(0, "f", "abc"), (1, "i", "2.5"), (1, "b", "maybe")], raw.ReadErrors.Select(e => (e.Row, e.Column!, e.Value!)));
        Assert.Contains("'abc' is not a number", raw.ReadErrors[0].Message);
        Assert.True(double.IsNaN(raw.Table.Numeric("f").Values[0]));
    }

    [Fact]
    public void A_record_with_the_wrong_number_of_fields_is_malformed()
    {
        var spec = Dataset(Col("a", ColumnType.Int), Col("b", ColumnType.Int));
        var raw = Read(spec, "a,b\n1,2\n3\n4,5,6\n");

        Assert.Equal(3, raw.Table.RowCount);
        Assert.Equal([(1, 3L), (2, 4L)], raw.ReadErrors.Select(e => (e.Row, raw.Table.SourceRow(e.Row))));
        Assert.All(raw.ReadErrors, e => Assert.Equal(ViolationKind.MalformedRow, e.Kind));
        Assert.Null(raw.ReadErrors[0].Column);
        Assert.Contains("1 fields, expected 2", raw.ReadErrors[0].Message);
    }

    [Fact]
    public void Schema_and_file_columns_that_differ_are_refused_naming_both_lists()
    {
        var spec = Dataset(Col("a", ColumnType.Int), Col("b", ColumnType.Int), Col("c", ColumnType.Int));
        var e = Assert.Throws<DataRefusedException>(() => Read(spec, "a,b,d\n1,2,3\n"));

        Assert.Equal(DataRefusalReason.SchemaMismatch, e.Refusal);
        Assert.Contains("in the schema but not in the file: ['c']", e.Message);
        Assert.Contains("in the file but not in the schema: ['d']", e.Message);
        Assert.Contains("File columns: ['a', 'b', 'd']", e.Message);
        Assert.Contains("Schema columns: ['a', 'b', 'c']", e.Message);
    }

    [Fact]
    public void An_empty_file_is_unreadable()
    {
        var e = Assert.Throws<DataRefusedException>(() => Read(Dataset(Col("a", ColumnType.Int)), ""));
        Assert.Equal(DataRefusalReason.Unreadable, e.Refusal);
    }

    [Fact]
    public void The_sha256_is_of_the_exact_bytes()
    {
        var raw = Read(Dataset(Col("a", ColumnType.Int)), "a\n1\n");
        // printf 'a\n1\n' | sha256sum
        Assert.Equal(ContentHash.OfBytes(Utf8("a\n1\n")), raw.Sha256);
        Assert.Equal(64, raw.Sha256.Length);
        Assert.Equal(raw.Sha256.ToLowerInvariant(), raw.Sha256);
    }
}
