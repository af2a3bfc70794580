using GitOpsMl.Api.Common;
using System.Text;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Validation;
using static GitOpsMl.Data.Tests.Specs;

namespace GitOpsMl.Data.Tests;

public class ValidationTests
{
    private static DatasetSpec Schema(double maxInvalid = 0.8, double sparseMaxNull = 0.5) => Dataset(
        Col("id", ColumnType.String, ColumnRole.Id),
        Col("x", ColumnType.Float) with { Min = 0, Max = 10 },
        Col("c", ColumnType.Category) with { Values = ["a", "b"] },
        Col("req", ColumnType.Int) with { Nullable = false },
        Col("sparse", ColumnType.Float) with { MaxNullFraction = sparseMaxNull }) with
    {
        Validation = new DataValidationSpec { MaxInvalidFraction = maxInvalid },
    };

    // One violation per line; the line number is in the comment.
    private const string Csv =
        "id,x,c,req,sparse\n" + //  1 header
        "id1,5,a,1,1\n" +       //  2 valid
        "id2,-1,a,1,1\n" +      //  3 below min
        "id3,11,b,1,\n" +       //  4 above max (sparse missing)
        "id4,3,z,1,\n" +        //  5 not allowed (sparse missing)
        "id5,3,a,,\n" +         //  6 null in non-nullable (sparse missing)
        "id1,3,a,1,\n" +        //  7 duplicate id of line 2 (sparse missing)
        "id6,abc,a,1,1\n" +     //  8 type
        "id7,1,a\n" +           //  9 malformed
        "id8,2,b,2,2\n";        // 10 valid

    private static ValidatedDataset Load(DatasetSpec spec, string csv) => DatasetLoader.Load(spec, Utf8(csv));

    [Fact]
    public void Each_violation_kind_is_reported_with_its_line_count_and_example_and_invalid_rows_are_dropped()
    {
        var (table, report) = Load(Schema(), Csv);

        Assert.True(report.Accepted);
        Assert.Equal(9, report.TotalRows);
        Assert.Equal(7, report.InvalidRows);
        Assert.Equal(2, report.ValidRows);
        Assert.Equal(7.0 / 9, report.InvalidFraction, 12);
        Assert.Equal([2L, 10L], [table.SourceRow(0), table.SourceRow(1)]);
        Strings(["id1", "id8"], table.Strings("id").Values);

        void Expect(ViolationKind kind, string? column, long line, string? value, string messagePart)
        {
            var summary = report.Find(kind, column);
            Assert.NotNull(summary);
            Assert.Equal(1, summary.Count);
            var example = Assert.Single(summary.Examples);
            Assert.Equal(line, example.Row);
            Assert.Equal(column, example.Column);
            Assert.Equal(value, example.Value);
            Assert.Contains(messagePart, example.Message);
        }
        Expect(ViolationKind.BelowMin, "x", 3, "-1", "-1 is below min 0");
        Expect(ViolationKind.AboveMax, "x", 4, "11", "11 is above max 10");
        Expect(ViolationKind.NotAllowed, "c", 5, "z", "'z' is not one of the allowed values [a, b]");
        Expect(ViolationKind.NullNotAllowed, "req", 6, null, "not nullable");
        Expect(ViolationKind.Duplicate, "id", 7, "id1", "repeats the value of line 2");
        Expect(ViolationKind.Type, "x", 8, "abc", "'abc' is not a number");
        Expect(ViolationKind.MalformedRow, null, 9, "id7,1,a", "3 fields, expected 5");
        // 4 of 9 missing is within maxNullFraction 0.5: not a violation.
        Assert.Null(report.Find(ViolationKind.NullFraction, "sparse"));
        Assert.Contains("BelowMin in 'x': 1", report.Describe());
    }

    [Fact]
    public void Invalid_rows_above_the_budget_refuse_the_data_with_the_report_attached()
    {
        var e = Assert.Throws<DataRefusedException>(() => Load(Schema(maxInvalid: 0.5), Csv));

        Assert.Equal(DataRefusalReason.TooManyInvalidRows, e.Refusal);
        Assert.Contains("7 of 9 rows", e.Message);
        Assert.Contains("maxInvalidFraction 0.5", e.Message);
        Assert.NotNull(e.Report);
        Assert.False(e.Report.Accepted);
        Assert.Equal(7, e.Report.InvalidRows);
    }

    [Fact]
    public void The_default_budget_is_zero_and_the_limit_itself_is_tolerated()
    {
        var spec = Dataset(Col("x", ColumnType.Int) with { Max = 1 });
        var csv = "x\n1\n2\n1\n1\n";

        var refused = Assert.Throws<DataRefusedException>(() => Load(spec, csv));
        Assert.Equal(DataRefusalReason.TooManyInvalidRows, refused.Refusal);

        var exactly = Load(spec with { Validation = new DataValidationSpec { MaxInvalidFraction = 0.25 } }, csv);
        Assert.Equal(1, exactly.Report.InvalidRows);
        Assert.Equal(3, exactly.Table.RowCount);
    }

    [Fact]
    public void A_null_fraction_above_maxNullFraction_refuses_the_data_and_lists_the_missing_rows()
    {
        var e = Assert.Throws<DataRefusedException>(() => Load(Schema(sparseMaxNull: 0.3), Csv));

        Assert.Equal(DataRefusalReason.NullFractionExceeded, e.Refusal);
        Assert.Contains("'sparse' is missing in 4 of 9 rows", e.Message);
        var summary = e.Report!.Find(ViolationKind.NullFraction, "sparse")!;
        Assert.Equal(4, summary.Count);
        Assert.Equal([4L, 5L, 6L, 7L], summary.Examples.Select(x => x.Row));
    }

    [Fact]
    public void Counts_are_complete_but_examples_stop_at_the_first_ten_in_file_order()
    {
        var csv = new StringBuilder("x\n");
        for (var i = 0; i < 25; i++)
        {
            csv.Append(i % 2 == 0 ? "-5\n" : "5\n");
        }
        var spec = Dataset(Col("x", ColumnType.Float) with { Min = 0 }) with { Validation = new DataValidationSpec { MaxInvalidFraction = 1 } };

        var (_, report) = Load(spec, csv.ToString());

        var summary = report.Find(ViolationKind.BelowMin, "x")!;
        Assert.Equal(13, summary.Count);
        Assert.Equal(10, summary.Examples.Count);
        // Even i holds -5 on line 2 + i: lines 2, 4, …, 20 are the first ten.
        Assert.Equal(Enumerable.Range(0, 10).Select(k => 2L + 2 * k), summary.Examples.Select(x => x.Row));
    }

    [Fact]
    public void Unique_applies_to_role_id_by_default_can_be_switched_off_and_ignores_missing_values()
    {
        var csv = "k\na\na\n\n\nb\n";
        var spec = Dataset(Col("k", ColumnType.String, ColumnRole.Id)) with { Validation = new DataValidationSpec { MaxInvalidFraction = 1 } };

        var report = Load(spec, csv).Report;
        var duplicates = report.Find(ViolationKind.Duplicate, "k")!;
        Assert.Equal(1, duplicates.Count);
        Assert.Equal(3, duplicates.Examples[0].Row);

        var notUnique = spec with { Schema = [Col("k", ColumnType.String, ColumnRole.Id) with { Unique = false }] };
        Assert.Equal(0, Load(notUnique, csv).Report.InvalidRows);
    }

    [Fact]
    public void A_sha256_pin_that_does_not_match_refuses_the_data_naming_both_digests()
    {
        var bytes = Utf8("x\n1\n");
        var actual = ContentHash.OfBytes(bytes);
        var pinned = new string('0', 64);
        var spec = Dataset(Col("x", ColumnType.Int)) with { Sha256 = pinned };

        var e = Assert.Throws<DataRefusedException>(() => DatasetLoader.Load(spec, bytes));

        Assert.Equal(DataRefusalReason.Sha256Mismatch, e.Refusal);
        Assert.Contains(actual, e.Message);
        Assert.Contains(pinned, e.Message);
        Assert.Equal(actual, DatasetLoader.Load(spec with { Sha256 = actual }, bytes).Report.Sha256);
    }

    [Fact]
    public void A_file_with_a_header_and_no_rows_is_refused()
    {
        var e = Assert.Throws<DataRefusedException>(() => Load(Dataset(Col("x", ColumnType.Int)), "x\n"));
        Assert.Equal(DataRefusalReason.NoRows, e.Refusal);
    }
}
