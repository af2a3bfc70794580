using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace GitOpsMl.Cli.Tests;

/// <summary>
/// `gitopsml validate` reads each Dataset's header and first rows, so a header that does not match the
/// schema, or a value that cannot be its column's type, fails in CI instead of in `train`.
/// </summary>
public class ValidateDataSampleTests
{
    /// <summary>spec.schema[0] (tenure) is on line 8, column 14 (the column of its name's value).</summary>
    private static string Dataset(string path = "data/d.csv", string extra = "") => $$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Dataset
        metadata:
          name: d
        spec:
          source: {path: {{path}}}
          schema:
            - {name: tenure, type: float}
            - {name: plan, type: category, values: [basic, pro]}
            - {name: churned, type: bool, role: label}
        {{extra}}
        """;

    [Fact]
    public void A_header_that_does_not_match_the_schema_names_the_column_at_its_schema_entry_and_the_header_line()
    {
        using var repo = new TempRepository();
        var manifest = repo.Write("manifests/d.yaml", Dataset());
        var data = repo.Write("data/d.csv", "Tenure,plan,churned\n1.5,basic,true\n");

        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        var (m, d) = (TempRepository.Display(manifest), TempRepository.Display(data));
        Assert.Equal(
            [
                $"{m}:6:18: Dataset/d: spec.source.path: {d}:1: the header has column \"Tenure\", which the schema does not list (add it, with role: ignore if it is not used)",
                $"{m}:8:14: Dataset/d: spec.schema[0].name: {d}:1: the header has no column \"tenure\"; did you mean \"Tenure\"?",
                "invalid: 1 file(s), 1 GitOpsMl object(s), 2 error(s), 0 warning(s)",
            ],
            run.StdoutLines);
    }

    [Fact]
    public void A_value_that_cannot_be_its_columns_type_is_reported_with_the_data_line_and_how_many_rows_share_it()
    {
        using var repo = new TempRepository();
        var manifest = repo.Write("manifests/d.yaml", Dataset());
        var data = repo.Write("data/d.csv", "tenure,plan,churned\n1.5,basic,true\n2,pro,false\nabc,pro,false\nn/a,basic,true\n3,gold,true\n");

        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        var (m, d) = (TempRepository.Display(manifest), TempRepository.Display(data));
        Assert.Equal(
            [
                $"{m}:8:14: Dataset/d: spec.schema[0].name: {d}:4: 'abc' is not a number (column 'tenure' is float) (2 such rows in the first 5)",
                $"{m}:9:14: Dataset/d: spec.schema[1].name: {d}:6: 'gold' is not one of the allowed values [basic, pro]",
                "invalid: 1 file(s), 1 GitOpsMl object(s), 2 error(s), 0 warning(s)",
            ],
            run.StdoutLines);
    }

    [Fact]
    public void Only_the_first_sample_rows_are_read_and_no_data_skips_the_files_entirely()
    {
        using var repo = new TempRepository();
        repo.Write("manifests/d.yaml", Dataset());
        repo.Write("data/d.csv", "tenure,plan,churned\n1.5,basic,true\n2,pro,false\nabc,pro,false\n");

        Assert.Equal(ExitCodes.Ok, Validate(repo.Root, sampleRows: 2).ExitCode);
        Assert.Equal(ExitCodes.Invalid, Validate(repo.Root, sampleRows: 3).ExitCode);

        File.Delete(repo.PathOf("data/d.csv"));
        var run = Validate(repo.Root, sampleRows: null);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
    }

    [Fact]
    public void Invalid_rows_within_a_nonzero_budget_pass_and_a_sample_above_it_warns_because_the_whole_file_may_not_be()
    {
        using var repo = new TempRepository();
        var manifest = repo.Write("manifests/d.yaml", Dataset(extra: "  validation: {maxInvalidFraction: 0.25}"));
        var data = repo.Write("data/d.csv", "tenure,plan,churned\n1,basic,true\n2,pro,false\nx,pro,false\n4,basic,true\n");

        Assert.Equal(ExitCodes.Ok, Validate(repo.Root).ExitCode);

        repo.Write("data/d.csv", "tenure,plan,churned\n1,basic,true\ny,pro,false\nx,pro,false\n4,basic,true\n");
        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(
            $"{TempRepository.Display(manifest)}:8:14: warning: Dataset/d: spec.schema[0].name: {TempRepository.Display(data)}:3: 'y' is not a number (column 'tenure' is float)"
            + " (2 such rows in the first 4); 2 of the first 4 rows break the schema, above validation.maxInvalidFraction 0.25",
            run.StdoutLines[0]);
    }

    [Fact]
    public async Task A_parquet_file_missing_a_schema_column_fails_validate()
    {
        using var repo = new TempRepository();
        var manifest = repo.Write("manifests/d.yaml", Dataset("data/d.parquet", "  format: parquet"));
        var data = repo.PathOf("data/d.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(data)!);
        var tenure = new DataField<double?>("tenure");
        var plan = new DataField<string>("plan");
        await using (var stream = File.Create(data))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(tenure, plan), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(tenure, new double?[] { 1.5, 2 }.AsMemory());
            await group.WriteAsync(plan, new[] { "basic", "pro" });
        }

        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.Equal(
            $"{TempRepository.Display(manifest)}:10:14: Dataset/d: spec.schema[2].name: {TempRepository.Display(data)}: the Parquet file has no column \"churned\"",
            run.StdoutLines[0]);
    }

    private static CliRun Validate(string root, int? sampleRows = 1000)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ValidateCommand.Run([root], "text", stdout, stderr, sampleRows);
        return new CliRun(code, stdout.ToString(), stderr.ToString(), TimeSpan.Zero, 0);
    }
}
