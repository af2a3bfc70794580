using System.Globalization;
using System.Text;
using System.Text.Json;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace GitOpsMl.Cli.Tests;

/// <summary>
/// `gitopsml validate` warns about a run with too few optimizer steps before anyone spends the run: it counts the
/// Dataset's rows (CSV records, Parquet rows from the file's metadata), splits them as the run does, and says the
/// run's own FewOptimizerSteps warning at the field to change. A warning, not an error: the exit code stays 0.
/// </summary>
[Collection(Train.TrainingCollection.Name)]
public class ValidateOptimizerStepsTests
{
    /// <summary>
    /// Warnings of a run that validate cannot give, and why. Every other <see cref="TrainingWarning"/> reason is
    /// validate's too; a new reason must join one side (the first test fails until it does).
    /// </summary>
    private static readonly Dictionary<string, string> RunOnly = new()
    {
        [TrainingWarning.NoBetterThanTrivial] = "it compares the trained model's test metrics with the trivial predictor's",
    };

    private static readonly string[] Foreseen = [TrainingWarning.FewOptimizerSteps];

    [Fact]
    public void Every_warning_a_run_can_give_is_given_by_validate_first_or_says_why_only_the_run_can()
    {
        var reasons = typeof(TrainingWarning).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
        Assert.Equal(reasons.Order(StringComparer.Ordinal), Foreseen.Concat(RunOnly.Keys).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_warning_validate_gives_is_the_one_train_gives_with_where_its_rows_come_from()
    {
        using var repo = new TempRepository();
        repo.Write("manifests/set.yaml", SmallTrainingRepository.SetYaml());
        repo.Write("manifests/job.yaml", SmallTrainingRepository.JobYaml());
        var data = repo.Write("data/d.csv", SmallTrainingRepository.Csv(400));

        var (trainOut, trainErr) = (new StringWriter(), new StringWriter());
        var code = TrainCommand.Run(new TrainCommand.Arguments(repo.Root, "t", repo.PathOf("bundle"), Device: "cpu"), trainOut, trainErr);
        Assert.True(code == ExitCodes.Ok, trainErr.ToString());
        var trained = trainOut.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.GetProperty("event").GetString() == "warning" && e.GetProperty("reason").GetString() == TrainingWarning.FewOptimizerSteps);
        var validated = Assert.Single(Validate(repo.Root).StdoutLines, l => l.Contains("warning:", StringComparison.Ordinal));

        const string rows = "from 320 training rows";
        var trainMessage = trained.GetProperty("message").GetString()!;
        Assert.Contains(rows + ")", trainMessage);
        Assert.EndsWith($"FewOptimizerSteps: {trainMessage.Replace(rows, $"{rows}, split.train 0.8 of the 400 rows in {TempRepository.Display(data)}", StringComparison.Ordinal)}", validated);
    }


    /// <summary>400 rows split 0.8 give 320 training rows: 2 batches of 256 an epoch, 40 steps in the default 20 epochs.</summary>
    private const string FewSteps =
        "FewOptimizerSteps: the model trains for only 40 optimizer steps (20 epochs × 2 batches of up to 256 from 320 training rows, " +
        "split.train 0.8 of the 400 rows in {0}), fewer than 500: too few for a network to learn much, and it may predict no better than the majority class or the mean. " +
        "To reach 500, lower hyperparameters.batchSize to 13 or less, or raise hyperparameters.epochs to 250 or more.";

    [Fact]
    public void A_small_csv_at_the_default_hyperparameters_warns_at_batch_size_with_the_steps_the_rows_and_both_fixes()
    {
        using var repo = new TempRepository();
        repo.Write("manifests/set.yaml", SmallTrainingRepository.SetYaml());
        var job = repo.Write("manifests/job.yaml", SmallTrainingRepository.JobYaml());
        var data = repo.Write("data/d.csv", SmallTrainingRepository.Csv(400));

        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(
            [
                $"{TempRepository.Display(job)}:6:3: warning: TrainingJob/t: spec.hyperparameters.batchSize: {string.Format(CultureInfo.InvariantCulture, FewSteps, TempRepository.Display(data))}",
                "valid: 2 file(s), 4 GitOpsMl object(s), 0 error(s), 1 warning(s)",
            ],
            run.StdoutLines);
    }

    [Fact]
    public void When_no_smaller_batch_is_enough_the_warning_is_at_epochs()
    {
        using var repo = new TempRepository();
        repo.Write("manifests/set.yaml", SmallTrainingRepository.SetYaml());
        var job = repo.Write("manifests/job.yaml", SmallTrainingRepository.JobYaml(jobExtra: "  hyperparameters: {epochs: 5, batchSize: 64}"));
        repo.Write("data/d.csv", SmallTrainingRepository.Csv(20));

        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        // 16 training rows in 1 batch: no batch size gives 100 batches an epoch, so only epochs can reach 500.
        var warning = Assert.Single(run.StdoutLines, l => l.Contains("warning:", StringComparison.Ordinal));
        Assert.StartsWith($"{TempRepository.Display(job)}:9:29: warning: TrainingJob/t: spec.hyperparameters.epochs: FewOptimizerSteps: the model trains for only 5 optimizer steps (5 epochs × 1 batch of up to 64 from 16 training rows", warning);
        Assert.EndsWith("To reach 500, raise hyperparameters.epochs to 500 or more.", warning);
    }

    [Theory]
    [InlineData(10_000, "")]                                     // 8,000 training rows: 32 batches × 20 epochs = 640 steps
    [InlineData(400, "  hyperparameters: {batchSize: 13}")]     // the fix the warning names: 25 batches × 20 epochs = 500
    [InlineData(400, "  hyperparameters: {epochs: 250}")]       // the other fix: 2 batches × 250 epochs = 500
    public void Enough_steps_draw_no_warning(int rows, string hyperparameters)
    {
        using var repo = new TempRepository();
        repo.Write("manifests/set.yaml", SmallTrainingRepository.SetYaml());
        repo.Write("manifests/job.yaml", SmallTrainingRepository.JobYaml(jobExtra: hyperparameters));
        repo.Write("data/d.csv", SmallTrainingRepository.Csv(rows));

        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal("valid: 2 file(s), 4 GitOpsMl object(s), 0 error(s), 0 warning(s)", run.StdoutLines[^1]);
    }

    [Fact]
    public void A_quoted_field_spanning_lines_is_one_row()
    {
        using var repo = new TempRepository();
        repo.Write("manifests/set.yaml", SmallTrainingRepository.SetYaml(datasetExtra: "    - {name: note, type: string, role: ignore}"));
        repo.Write("manifests/job.yaml", SmallTrainingRepository.JobYaml());
        // 400 records over 800 lines: counting lines would say 799 rows, 639 training rows, 60 steps.
        var csv = new StringBuilder("x,churned,note\n");
        foreach (var line in SmallTrainingRepository.Csv(400).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
            csv.Append(line).Append(",\"two\nlines\"\n");
        repo.Write("data/d.csv", csv.ToString());

        var run = Validate(repo.Root);

        Assert.Contains("40 optimizer steps (20 epochs × 2 batches of up to 256 from 320 training rows, split.train 0.8 of the 400 rows", run.Stdout);
    }

    [Fact]
    public async Task A_parquet_files_rows_come_from_its_metadata_across_row_groups()
    {
        using var repo = new TempRepository();
        repo.Write("manifests/set.yaml", SmallTrainingRepository.SetYaml("data/d.parquet", "  format: parquet\n  split: {train: 0.5, validation: 0.25, test: 0.25}"));
        repo.Write("manifests/job.yaml", SmallTrainingRepository.JobYaml());
        var data = repo.PathOf("data/d.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(data)!);
        var (x, y) = (new DataField<double?>("x"), new DataField<bool?>("churned"));
        await using (var stream = File.Create(data))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(x, y), stream))
        {
            foreach (var rows in new[] { 300, 301 })
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<double>(x, Enumerable.Range(0, rows).Select(i => (double?)(i % 10)).ToArray().AsMemory());
                await group.WriteAsync<bool>(y, Enumerable.Range(0, rows).Select(i => (bool?)(i % 2 == 0)).ToArray().AsMemory());
            }
        }

        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        // 601 rows × 0.5 = 300.5, rounded half to even as the splitter does: 300 training rows, 2 batches an epoch.
        Assert.Contains($"40 optimizer steps (20 epochs × 2 batches of up to 256 from 300 training rows, split.train 0.5 of the 601 rows in {TempRepository.Display(data)})", run.Stdout);
    }

    [Theory]
    [InlineData("{method: hash, key: x}", "about 320 training rows, split.train 0.8 of the 400 rows in {0} by hash")]
    [InlineData("{stratifyBy: churned}", "about 320 training rows, split.train 0.8 of the 400 rows in {0} stratified by churned")]
    public void A_split_whose_fractions_are_approximate_says_about(string split, string words)
    {
        using var repo = new TempRepository();
        repo.Write("manifests/set.yaml", SmallTrainingRepository.SetYaml(datasetExtra: $"  split: {split}"));
        repo.Write("manifests/job.yaml", SmallTrainingRepository.JobYaml());
        var data = repo.Write("data/d.csv", SmallTrainingRepository.Csv(400));

        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, words, TempRepository.Display(data)), run.Stdout);
    }

    [Fact]
    public void No_data_looks_at_no_file_and_warns_about_no_steps()
    {
        using var repo = new TempRepository();
        repo.Write("manifests/set.yaml", SmallTrainingRepository.SetYaml());
        repo.Write("manifests/job.yaml", SmallTrainingRepository.JobYaml());
        // No data file at all: any look at it would be a "file not found" error.

        var run = Validate(repo.Root, sampleRows: null);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(["valid: 2 file(s), 4 GitOpsMl object(s), 0 error(s), 0 warning(s)"], run.StdoutLines);
    }

    [Fact]
    public void Data_with_an_error_in_its_sample_is_not_counted()
    {
        using var repo = new TempRepository();
        repo.Write("manifests/set.yaml", SmallTrainingRepository.SetYaml());
        repo.Write("manifests/job.yaml", SmallTrainingRepository.JobYaml());
        repo.Write("data/d.csv", SmallTrainingRepository.Csv(400).Replace("x,churned\n", "x,churn\n", StringComparison.Ordinal));

        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.DoesNotContain("FewOptimizerSteps", run.Stdout);
    }

    [Fact]
    public void Json_and_github_output_carry_it_as_a_warning_at_the_field()
    {
        using var repo = new TempRepository();
        repo.Write("manifests/set.yaml", SmallTrainingRepository.SetYaml());
        var job = repo.Write("manifests/job.yaml", SmallTrainingRepository.JobYaml());
        repo.Write("data/d.csv", SmallTrainingRepository.Csv(400));

        var json = Validate(repo.Root, output: "json");
        var github = Validate(repo.Root, output: "github");

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (json.ExitCode, github.ExitCode));
        using var report = JsonDocument.Parse(json.Stdout);
        Assert.True(report.RootElement.GetProperty("valid").GetBoolean());
        var d = Assert.Single(report.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal(("warning", "TrainingJob/t", "spec.hyperparameters.batchSize", 6),
            (d.GetProperty("severity").GetString(), d.GetProperty("object").GetString(), d.GetProperty("field").GetString(), d.GetProperty("line").GetInt32()));
        Assert.StartsWith($"::warning file={TempRepository.Display(job)},line=6,col=3,title=TrainingJob/t::spec.hyperparameters.batchSize: FewOptimizerSteps: the model trains for only 40",
            github.StdoutLines[0]);
    }

    private static CliRun Validate(string root, int? sampleRows = 1000, string output = "text")
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ValidateCommand.Run([root], output, stdout, stderr, sampleRows);
        return new CliRun(code, stdout.ToString(), stderr.ToString(), TimeSpan.Zero, 0);
    }
}
