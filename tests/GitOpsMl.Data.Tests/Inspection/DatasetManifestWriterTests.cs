using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Inspection;

namespace GitOpsMl.Data.Tests.Inspection;

/// <summary>The starting Dataset manifest `gitopsml inspect --schema` prints.</summary>
public class DatasetManifestWriterTests
{
    private static InspectedColumn Column(string name, ColumnType type = ColumnType.Float) => new(name, type, 0, 1, 1, false, []);

    private static InspectionReport Report(params InspectedColumn[] columns) =>
        new("data/x.csv", DataFormat.Csv, ',', columns, 10, false, 10, []);

    [Theory]
    [InlineData("Flights 2024 (v2).parquet", "flights-2024-v2")]
    [InlineData("__.csv", "dataset")]
    [InlineData("Ünïcode.csv", "n-code")]
    public void The_object_name_is_a_dns_label_made_from_the_file_name(string file, string name)
    {
        Assert.Equal(name, DatasetManifestWriter.NameFor(file));
    }

    [Fact]
    public void Names_yaml_would_misread_are_double_quoted()
    {
        var yaml = DatasetManifestWriter.Write(Report(Column("yes"), Column("a: b # c"), Column("say \"hi\"\\")), "x", "data/x.csv", "test");

        Assert.Contains("    - name: \"yes\"\n", yaml);
        Assert.Contains("    - name: \"a: b # c\"\n", yaml);
        Assert.Contains("    - name: \"say \\\"hi\\\"\\\\\"\n", yaml);
    }

    [Fact]
    public void Empty_duplicate_and_overlong_names_are_problems_naming_the_column()
    {
        var problems = DatasetManifestWriter.Problems(Report(Column(""), Column("a"), Column("a"), Column(new string('n', 300))));

        Assert.Equal(
            [
                "column 1 has an empty name; give it one in the header",
                "column 4 has a name of 300 characters; a Dataset allows at most 256",
                "column \"a\" appears 2 times; names must be unique",
            ],
            problems);
    }
}
