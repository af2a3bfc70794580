using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;
using GitOpsMl.Cli.Tests.Train;

namespace GitOpsMl.Cli.Tests;

/// <summary>
/// `gitopsml validate` counts a Dataset's rows and cuts them as the run does, so a split the run would refuse for
/// having no rows fails validate first: an error at the fraction to raise, in the run's own words, for a random
/// split; a warning that says "about" for a split whose cuts it can only estimate. --no-data still reads nothing.
/// </summary>
[Collection(TrainingCollection.Name)]
public class ValidateSplitSizeTests
{
    /// <summary>4 rows at the default 0.8/0.1/0.1: trainEnd round(3.2) = 3, validationEnd round(3.6) = 4, no test row.</summary>
    private const string NoTestRows =
        "the test split has no rows: split.test 0.1 of 4 rows gives 3 training, 1 validation and 0 test rows, so the run has nothing to evaluate the model " +
        "and check its export on; raise split.test to 0.126 or more (taking from split.train), or add rows";

    [Fact]
    public void A_csv_whose_test_split_rounds_to_no_rows_fails_validate_at_split_test_and_train_with_the_same_words()
    {
        using var repo = SmallTrainingRepository.Create(4);

        var run = Validate(repo.Root);
        var (trainOut, trainErr) = (new StringWriter(), new StringWriter());
        var trained = TrainCommand.Run(new TrainCommand.Arguments(repo.Root, "t", repo.PathOf("bundle"), Device: "cpu"), trainOut, trainErr);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        var error = Assert.Single(run.StdoutLines, l => l.Contains("Dataset/d", StringComparison.Ordinal));
        // No split is written: the error points at the Dataset's spec (line 6, column 3), the nearest written parent.
        Assert.Equal($"{TempRepository.Display(repo.PathOf("manifests/set.yaml"))}:6:3: Dataset/d: spec.split.test: NoRows: {NoTestRows}", error);
        // The run is refused before its first epoch, so validate does not warn about its steps.
        Assert.Equal("invalid: 2 file(s), 4 GitOpsMl object(s), 1 error(s), 0 warning(s)", run.StdoutLines[^1]);

        Assert.Equal(ExitCodes.Invalid, trained);
        Assert.Contains($"gitopsml train: Dataset/d spec.split.test: {NoTestRows}; no bundle written", trainErr.ToString());
        Assert.False(Directory.Exists(repo.PathOf("bundle")));
    }

    [Fact]
    public void Five_rows_give_the_test_split_its_one_row_and_both_validate_and_train_pass()
    {
        // round(4.0) = 4 training rows, round(4.5) = 4 (half to even): 0 validation, 1 test.
        using var repo = SmallTrainingRepository.Create(5);

        var run = Validate(repo.Root);
        var (trainOut, trainErr) = (new StringWriter(), new StringWriter());
        var trained = TrainCommand.Run(new TrainCommand.Arguments(repo.Root, "t", repo.PathOf("bundle"), Device: "cpu"), trainOut, trainErr);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.DoesNotContain("NoRows", run.Stdout);
        Assert.True(trained == ExitCodes.Ok, trainErr.ToString());
    }

    [Theory]
    [InlineData("{method: hash, key: x}", "by hash")]
    [InlineData("{stratifyBy: churned}", "stratified by churned")]
    public void A_split_validate_can_only_estimate_warns_that_it_would_have_about_no_rows(string split, string how)
    {
        using var repo = SmallTrainingRepository.Create(4, $"  split: {split}");

        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var warning = Assert.Single(run.StdoutLines, l => l.Contains("NoRows", StringComparison.Ordinal));
        Assert.Contains(": warning: Dataset/d: spec.split.test: NoRows: the test split would have no rows: split.test 0.1 of 4 rows gives " +
                        $"about 3 training, 1 validation and 0 test rows {how}, so the run has nothing to evaluate", warning);
        Assert.Contains("raise split.test to about 0.126 or more", warning);
    }

    [Fact]
    public void An_empty_validation_split_is_a_warning_when_dropping_invalid_rows_may_change_the_cut()
    {
        // 7 rows at 0.5/0.1 leave no validation row, but 6 valid rows would leave one (round(3.6) − round(3) = 1).
        using var repo = SmallTrainingRepository.Create(7, "  split: {train: 0.5, validation: 0.1, test: 0.4}\n  validation: {maxInvalidFraction: 0.2}",
            jobExtra: "  earlyStopping: {metric: auc}");

        var run = Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains(": warning: Dataset/d: spec.split.validation: NoRows: the validation split has no rows", run.Stdout);
    }

    [Fact]
    public void No_data_reads_no_rows_and_says_nothing_of_the_splits()
    {
        using var repo = SmallTrainingRepository.Create(4);

        var run = Validate(repo.Root, sampleRows: null);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(["valid: 2 file(s), 4 GitOpsMl object(s), 0 error(s), 0 warning(s)"], run.StdoutLines);
    }

    private static CliRun Validate(string root, int? sampleRows = 1000)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = ValidateCommand.Run([root], "text", stdout, stderr, sampleRows);
        return new CliRun(code, stdout.ToString(), stderr.ToString(), TimeSpan.Zero, 0);
    }
}
