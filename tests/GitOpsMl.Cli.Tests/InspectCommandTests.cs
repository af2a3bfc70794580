using System.Text;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;
using GitOpsMl.Cli.Validation;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Data.Reading;
using Parquet;
using Parquet.Schema;

namespace GitOpsMl.Cli.Tests;

/// <summary>`gitopsml inspect` end to end: from an unfamiliar file to a Dataset manifest that validates and reads the file.</summary>
public class InspectCommandTests
{
    /// <summary>Column names as real files have them: spaces, parentheses, units, a YAML boolean word, a colon and '#', non-ASCII.</summary>
    private const string HostileCsv =
        "Engine Size (L),Fuel Type,yes,\"ratio: a/b # approx\",Año,Price ($),Sold On\n" +
        "1.6,petrol,true,0.5,2019,12000.5,2024-01-03\n" +
        "2.0,diesel,false,NA,2020,,2024-02-11\n" +
        "1.6,petrol,true,0.25,2019,9000,2024-03-05\n" +
        "1.6,petrol,false,0.75,2021,15000,2024-03-06\n";

    private static (int Code, string Stdout, string Stderr) Inspect(InspectCommand.Arguments args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = InspectCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes the manifest beside the data, validates the repository and reads the data with the Dataset it describes.</summary>
    private static void AssertManifestValidatesAndReadsTheData(TempRepository repo, string manifest, string dataPath)
    {
        repo.Write("manifests/dataset.yaml", manifest);

        var validate = CliRun.Validate(repo.Root);
        Assert.True(validate.ExitCode == ExitCodes.Ok, validate + "\n" + manifest);

        var read = ManifestSetReader.Read([repo.Root]);
        var dataset = Assert.Single(read.Report!.Objects.Select(o => o.Resource).OfType<Dataset>());
        var raw = DatasetReader.ReadFile(dataset.Spec, dataPath);
        Assert.True(raw.ReadErrors.Count == 0, string.Join("\n", raw.ReadErrors.Take(5)));
    }

    [Fact]
    public void The_table_shows_every_column_with_type_nulls_distinct_and_examples()
    {
        using var repo = new TempRepository();
        var data = repo.Write("data/cars.csv", HostileCsv);

        var (code, stdout, stderr) = Inspect(new(data));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("", stderr);
        var lines = stdout.Split('\n');
        Assert.Equal($"{data}: csv, 4 rows, 7 columns", lines[0]);
        Assert.Matches(@"^Engine Size \(L\)\s+float\s+0\s+2\s+1\.6, 2\.0$", lines[3]);
        Assert.Matches(@"^Price \(\$\)\s+float\s+1\s+3\s+12000\.5, 9000, 15000$", lines[8]);
        Assert.Matches(@"^Sold On\s+timestamp\s+0\s+4\s+", lines[9]);
    }

    [Fact]
    public void Schema_of_a_csv_with_hostile_column_names_validates_and_reads_the_file()
    {
        using var repo = new TempRepository();
        var data = repo.Write("data/cars.csv", HostileCsv);

        var (code, manifest, stderr) = Inspect(new(data, Schema: true));

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("  name: cars\n", manifest);
        Assert.Contains("    path: \"data/cars.csv\"\n", manifest);
        Assert.Contains("    - name: \"ratio: a/b # approx\"\n      type: float\n", manifest);
        Assert.Contains("    - name: \"yes\"\n      type: bool\n", manifest);
        AssertManifestValidatesAndReadsTheData(repo, manifest, data);
    }

    [Fact]
    public void Schema_of_a_semicolon_csv_carries_the_delimiter()
    {
        using var repo = new TempRepository();
        var data = repo.Write("data/eu.csv", "a (x);b\n1,5;x\n2,5;y\n");

        var (code, manifest, stderr) = Inspect(new(data, Schema: true, Delimiter: ";"));

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("  csv:\n    delimiter: \";\"\n", manifest);
        AssertManifestValidatesAndReadsTheData(repo, manifest, data);
    }

    [Fact]
    public void Schema_of_a_space_padded_csv_trims_and_still_validates_against_the_data()
    {
        using var repo = new TempRepository();
        var data = repo.Write("data/adult.csv", "age, workclass, income\n39, State-gov, <=50K\n50, Private, >50K\n");

        var (code, manifest, stderr) = Inspect(new(data, Schema: true));

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("  csv:\n    trimSpaces: true\n", manifest);
        Assert.Contains("- name: \"workclass\"", manifest);
        AssertManifestValidatesAndReadsTheData(repo, manifest, data);
    }

    [Fact]
    public void Schema_of_a_semicolon_csv_carries_the_detected_delimiter_when_none_was_given()
    {
        using var repo = new TempRepository();
        var data = repo.Write("data/winequality-red.csv", "\"fixed acidity\";\"alcohol\";\"quality\"\n7.4;9.4;5\n7.8;9.8;6\n");

        var (code, manifest, stderr) = Inspect(new(data, Schema: true));

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("  csv:\n    delimiter: \";\"\n", manifest);
        Assert.Contains("Detected the delimiter ';'", stderr);
        AssertManifestValidatesAndReadsTheData(repo, manifest, data);
    }

    [Fact]
    public async Task Schema_of_a_parquet_file_validates_and_reads_the_file()
    {
        using var repo = new TempRepository();
        var data = repo.PathOf("data/Flights 2024.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(data)!);
        await WriteParquetAsync(data);

        var (code, manifest, stderr) = Inspect(new(data, Schema: true, Name: "flights"));

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("  format: parquet\n", manifest);
        Assert.Contains("    - name: \"dep delay (min)\"\n      type: float\n", manifest);
        Assert.Contains("    - name: \"origin\"\n      type: category\n", manifest);
        Assert.Contains("    - name: \"departed at\"\n      type: timestamp\n", manifest);
        AssertManifestValidatesAndReadsTheData(repo, manifest, data);
    }

    [Fact]
    public void A_sampled_schema_says_so_on_stderr_and_in_its_header_comment()
    {
        using var repo = new TempRepository();
        var text = new StringBuilder("x\n");
        for (var i = 0; i < 300; i++) text.Append(i).Append('\n');
        var data = repo.Write("data/x.csv", text.ToString());

        var (code, manifest, stderr) = Inspect(new(data, Schema: true, Rows: 100));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("# Generated by `gitopsml inspect x.csv --schema` from the first 100 rows.\n", manifest);
        Assert.StartsWith("gitopsml inspect: note: Read the first 100 rows only", stderr);
    }

    [Fact]
    public void Columns_that_cannot_be_a_schema_refuse_schema_with_exit_1_naming_them()
    {
        using var repo = new TempRepository();
        var data = repo.Write("data/index.csv", ",a,a\n0,1,2\n");

        var table = Inspect(new(data));
        var (code, stdout, stderr) = Inspect(new(data, Schema: true));

        Assert.Equal(ExitCodes.Ok, table.Code);
        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal("", stdout);
        Assert.Equal($"gitopsml inspect: {data}: the columns cannot be written as a Dataset schema: column 1 has an empty name; give it one in the header; column \"a\" appears 2 times; names must be unique\n", stderr);
    }

    [Theory]
    [InlineData("", ExitCodes.Invalid, "the file is empty")]
    [InlineData("\n\n", ExitCodes.Invalid, "no header line")]
    public void An_empty_file_exits_1_with_the_reason(string content, int exit, string reason)
    {
        using var repo = new TempRepository();
        var data = repo.Write("data/empty.csv", content);

        var (code, _, stderr) = Inspect(new(data));

        Assert.Equal(exit, code);
        Assert.Contains(reason, stderr);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        using var repo = new TempRepository();
        var data = repo.Write("data/x.csv", "a\n1\n");

        Assert.Equal(ExitCodes.Usage, Inspect(new(repo.PathOf("missing.csv"))).Code);
        Assert.Equal(ExitCodes.Usage, Inspect(new(repo.Root)).Code);
        Assert.Equal(ExitCodes.Usage, Inspect(new(data, Rows: 0)).Code);
        Assert.Equal(ExitCodes.Usage, Inspect(new(data, Delimiter: ";;")).Code);
        Assert.Equal(ExitCodes.Usage, Inspect(new(data, Schema: true, Name: "Not_A_Name")).Code);
    }

    [Fact]
    public void A_large_file_is_inspected_in_bounded_time_through_the_built_executable()
    {
        using var repo = new TempRepository();
        var text = new StringBuilder("id,value (units),group\n");
        for (var i = 0; i < 400_000; i++) text.Append(i).Append(',').Append(i * 0.25).Append(',').Append("g" + i % 50).Append('\n');
        var data = repo.Write("data/big.csv", text.ToString());

        var run = GitOpsMlProcess.Run(repo.Root, null, "inspect", data);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("100000 rows read of more", run.Stdout);
        Assert.Contains("note: Read the first 100000 rows only (--rows 100000; about 2", run.Stdout);
        Assert.Matches(@"group\s+category\s+0\s+50\s", run.Stdout);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(30), run.ToString());
    }

    private static async Task WriteParquetAsync(string path)
    {
        var delay = new DataField<double?>("dep delay (min)");
        var origin = new DataField<string>("origin");
        var at = new DataField<DateTime?>("departed at");
        var count = 400;
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(delay, origin, at), stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<double>(delay, Enumerable.Range(0, count).Select(i => i % 9 == 0 ? (double?)null : i * 1.5 - 30).ToArray().AsMemory());
        await group.WriteAsync(origin, Enumerable.Range(0, count).Select(i => new[] { "JFK", "LAX", "SFO", "ORD" }[i % 4]).ToArray());
        await group.WriteAsync<DateTime>(at, Enumerable.Range(0, count).Select(i => (DateTime?)new DateTime(2024, 5, 1, 6, 0, 0, DateTimeKind.Utc).AddMinutes(17 * i)).ToArray().AsMemory());
    }
}
