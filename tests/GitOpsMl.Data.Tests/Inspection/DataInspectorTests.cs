using System.Text;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Inspection;

namespace GitOpsMl.Data.Tests.Inspection;

/// <summary>`gitopsml inspect` on CSV and Parquet files, ordinary and odd.</summary>
public sealed class DataInspectorTests : IDisposable
{
    private readonly InspectionFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_csv_file_gives_each_column_its_type_nulls_distinct_count_and_examples()
    {
        var path = _files.Write("cars.csv", "Engine Size (L),Fuel Type,Doors,Price ($)\n1.6,petrol,4,12000.5\n2.0,diesel,NA,\n1.6,petrol,2,9000\n1.6,petrol,4,15000\n");

        var report = DataInspector.Inspect(path, new InspectionOptions());

        Assert.Equal(DataFormat.Csv, report.Format);
        Assert.Equal(4, report.RowsRead);
        Assert.False(report.Truncated);
        Assert.Equal(["Engine Size (L)", "Fuel Type", "Doors", "Price ($)"], report.Columns.Select(c => c.Name));
        Assert.Equal([ColumnType.Float, ColumnType.Category, ColumnType.Int, ColumnType.Float], report.Columns.Select(c => c.Type));
        Assert.Equal([0L, 0L, 1L, 1L], report.Columns.Select(c => c.NullCount));
        Assert.Equal([2, 2, 2, 3], report.Columns.Select(c => c.DistinctCount));
        Assert.Equal(["petrol", "diesel"], report.Columns[1].Examples);
        Assert.Empty(report.Notes);
    }

    [Fact]
    public void A_large_csv_file_is_read_up_to_the_row_bound_with_a_note()
    {
        var text = new StringBuilder("x,y\n");
        for (var i = 0; i < 5000; i++) text.Append(i).Append(',').Append(i % 7).Append('\n');
        var path = _files.Write("big.csv", text.ToString());

        var report = DataInspector.Inspect(path, new InspectionOptions { MaxRows = 1000 });

        Assert.Equal(1000, report.RowsRead);
        Assert.True(report.Truncated);
        Assert.Null(report.TotalRows);
        Assert.Equal(1000, report.Columns[0].DistinctCount);
        Assert.Contains(report.Notes, n => n.StartsWith("Read the first 1000 rows only (--rows 1000; about ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_of_exactly_the_row_bound_is_not_truncated()
    {
        var path = _files.Write("exact.csv", "x\n1\n2\n3\n");

        var report = DataInspector.Inspect(path, new InspectionOptions { MaxRows = 3 });

        Assert.False(report.Truncated);
        Assert.Equal(3, report.TotalRows);
    }

    [Fact]
    public void An_empty_file_is_refused_with_a_message_naming_it()
    {
        var path = _files.Write("empty.csv", "");

        var e = Assert.Throws<InspectionException>(() => DataInspector.Inspect(path, new InspectionOptions()));

        Assert.Equal($"{path}: the file is empty: a CSV file needs a header line naming its columns", e.Message);
    }

    [Fact]
    public void A_header_without_rows_lists_the_columns_as_string()
    {
        var path = _files.Write("header.csv", "a,b\n");

        var report = DataInspector.Inspect(path, new InspectionOptions());

        Assert.Equal(0, report.RowsRead);
        Assert.All(report.Columns, c => Assert.Equal(ColumnType.String, c.Type));
    }

    [Fact]
    public void Latin1_bytes_are_read_but_a_note_says_the_file_is_not_utf8_and_where()
    {
        var bytes = Encoding.Latin1.GetBytes("name,city\nJosé,Bogotá\n");
        var path = _files.Write("latin1.csv", bytes);

        var report = DataInspector.Inspect(path, new InspectionOptions());

        var note = Assert.Single(report.Notes);
        Assert.StartsWith($"The file is not valid UTF-8 (first invalid byte at offset {Array.IndexOf(bytes, (byte)0xE9)})", note);
        Assert.Equal(1, report.RowsRead);
    }

    [Fact]
    public void Rows_with_a_different_field_count_are_noted_with_the_first_line()
    {
        var path = _files.Write("ragged.csv", "a,b\n1,2\n3\n4,5,6\n");

        var report = DataInspector.Inspect(path, new InspectionOptions());

        Assert.Contains(report.Notes, n => n.StartsWith("2 row(s) have a different number of fields than the header's 2 (first at line 3)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_semicolon_file_is_read_with_the_delimiter_its_header_shows_and_says_so()
    {
        var path = _files.Write("semi.csv", "\"fixed acidity\";\"quality\"\n7,4;5\n7,8;6\n");

        var detected = DataInspector.Inspect(path, new InspectionOptions());

        Assert.Equal(';', detected.Delimiter);
        Assert.Equal(["fixed acidity", "quality"], detected.Columns.Select(c => c.Name));
        Assert.Equal(2, detected.RowsRead);
        Assert.Contains(detected.Notes, n => n.StartsWith("Detected the delimiter ';'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_padded_after_each_delimiter_is_read_trimmed_and_says_so()
    {
        var path = _files.Write("adult.csv", "age, workclass, income\n39, State-gov, <=50K\n50, Private, >50K\n38, Private, <=50K\n");

        var report = DataInspector.Inspect(path, new InspectionOptions());

        Assert.True(report.TrimSpaces);
        Assert.Equal(["age", "workclass", "income"], report.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.Int, report.Columns[0].Type);
        Assert.DoesNotContain(report.Columns.SelectMany(c => c.Examples), e => e.StartsWith(' '));
        Assert.Contains(report.Notes, n => n.StartsWith("Trimmed spaces around values", StringComparison.Ordinal));
    }

    [Fact]
    public void A_header_line_of_numbers_is_noted_as_probably_data()
    {
        var path = _files.Write("headless.csv", "39,State-gov,77516\n50,Private,83311\n");

        var report = DataInspector.Inspect(path, new InspectionOptions());

        Assert.False(report.TrimSpaces);
        Assert.Contains(report.Notes, n => n.Contains("'39', '77516' are numbers", StringComparison.Ordinal) && n.Contains("csv.header: false", StringComparison.Ordinal));
    }

    [Fact]
    public void A_delimiter_the_user_names_is_never_second_guessed()
    {
        var path = _files.Write("semi.csv", "a;b\n1;2\n");

        var told = DataInspector.Inspect(path, new InspectionOptions { Delimiter = ',' });

        Assert.Equal(["a;b"], told.Columns.Select(c => c.Name));
        Assert.DoesNotContain(told.Notes, n => n.StartsWith("Detected", StringComparison.Ordinal));
    }

    [Fact]
    public void A_parquet_file_takes_numeric_and_time_types_from_the_file_and_counts_rows_from_its_metadata()
    {
        var path = _files.WriteParquet("flights.parquet", rows: 250, groupSize: 100);

        var report = DataInspector.Inspect(path, new InspectionOptions { MaxRows = 150 });

        Assert.Equal(DataFormat.Parquet, report.Format);
        Assert.Equal([ColumnType.Float, ColumnType.Int, ColumnType.Category, ColumnType.Timestamp], report.Columns.Select(c => c.Type));
        Assert.Equal(150, report.RowsRead);
        Assert.Equal(250, report.TotalRows);
        Assert.True(report.Truncated);
        Assert.Equal(15, report.Columns[0].NullCount);
        Assert.Contains(report.Notes, n => n.StartsWith("Read the first 150 of 250 rows only", StringComparison.Ordinal));
    }

    [Fact]
    public void A_parquet_file_is_recognised_by_its_magic_bytes_whatever_its_name()
    {
        var path = _files.WriteParquet("data.bin", rows: 10, groupSize: 10);

        Assert.Equal(DataFormat.Parquet, DataInspector.DetectFormat(path));
    }

    [Fact]
    public void A_file_that_is_not_parquet_is_refused_as_such()
    {
        var path = _files.Write("fake.parquet", "a,b\n1,2\n");

        var e = Assert.Throws<InspectionException>(() => DataInspector.Inspect(path, new InspectionOptions()));

        Assert.StartsWith($"{path}: the file is not readable Parquet", e.Message);
    }

    [Fact]
    public void Utf8_check_finds_the_first_invalid_byte_across_chunk_boundaries()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('a', 70_000) + "é" + new string('b', 10));
        bytes[^3] = 0xFF;

        Assert.Null(Utf8Check.FirstInvalidByte(new MemoryStream(bytes), bytes.Length - 5));
        Assert.Equal(bytes.Length - 3, Utf8Check.FirstInvalidByte(new MemoryStream(bytes), bytes.Length));
    }

    [Fact]
    public void Integer_columns_named_like_codes_get_a_note_to_declare_them_categories()
    {
        var path = _files.Write("trips.csv", "VendorID,PULocationID,payment_type,passenger_count,paid,trip_id\n1,132,1,1,10,1\n2,132,2,3,11,2\n1,48,1,1,12,3\n");

        var report = DataInspector.Inspect(path, new InspectionOptions());

        var note = Assert.Single(report.Notes);
        Assert.StartsWith("VendorID, PULocationID, payment_type: integers named like codes.", note);
        Assert.Contains("declare them `type: category`", note);
    }

    [Theory]
    [InlineData("PULocationID", true)]
    [InlineData("RatecodeID", true)]
    [InlineData("payment_type", true)]
    [InlineData("store-code", true)]
    [InlineData("customerId", true)]
    [InlineData("paid", false)]
    [InlineData("valid", false)]
    [InlineData("passenger_count", false)]
    [InlineData("prototype", false)]
    public void A_code_name_is_one_whose_last_word_is_a_code_word(string name, bool expected)
    {
        Assert.Equal(expected, CodeColumnNote.IsCodeName(name));
    }
}
