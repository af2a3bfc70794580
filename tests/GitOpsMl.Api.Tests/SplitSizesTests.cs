using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Api.Tests;

/// <summary>
/// A run is refused for a split too small to fit, evaluate or early-stop on, with the rows each split got and the
/// fraction that gives it a row; a fraction of 0 is a spec refusal said without data, not one of these.
/// </summary>
public sealed class SplitSizesTests
{
    [Fact]
    public void A_test_split_that_rounds_to_no_rows_names_the_counts_and_the_fraction_that_gives_one()
    {
        // 4 rows at 0.8/0.1/0.1: trainEnd round(3.2) = 3, validationEnd round(3.6) = 4.
        var refusal = SplitSizes.Check(null, Job(), new SplitRows(3, 1, 0));

        Assert.NotNull(refusal);
        Assert.Equal((SplitShortfall.NoTestRows, SplitSizes.NoRows, "spec.split.test"), (refusal.Shortfall, refusal.Reason, refusal.Field));
        // 0.125 taken from train: validationEnd round(4 × 0.875) = round(3.5) = 4 (half to even), still no test row; 0.126: 3.496 → 3.
        Assert.Equal("the test split has no rows: split.test 0.1 of 4 rows gives 3 training, 1 validation and 0 test rows, so the run has nothing to evaluate " +
                     "the model and check its export on; raise split.test to 0.126 or more (taking from split.train), or add rows", refusal.Message);
    }

    [Theory]
    [InlineData(SplitShortfall.NoTrainingRows, "{train: 0.2, validation: 0.3, test: 0.5}", 2, false, false)]
    [InlineData(SplitShortfall.NoTestRows, "{}", 4, false, false)]
    [InlineData(SplitShortfall.NoValidationRows, "{train: 0.5, validation: 0.1, test: 0.4}", 7, true, false)]
    [InlineData(SplitShortfall.OneTrainingRowWithBatchNorm, "{train: 0.4, validation: 0.3, test: 0.3}", 3, false, true)]
    public void Each_shortfall_and_the_fraction_it_suggests_gives_the_split_its_rows(SplitShortfall shortfall, string fractions, int n, bool earlyStopping, bool batchNorm)
    {
        var split = Split(fractions);
        var job = Job(earlyStopping, batchNorm);

        var refusal = SplitSizes.Check(split, job, Rows(split, n));

        Assert.Equal(shortfall, refusal?.Shortfall);
        // The suggested fraction (taken from split.train) gives the split its rows, and a thousandth less does not.
        var suggested = double.Parse(refusal!.Message.Split(" to ")[^1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var field = refusal.Field["spec.split.".Length..];
        Assert.Null(SplitSizes.Check(Moved(split, field, suggested), job, Rows(Moved(split, field, suggested), n)));
        Assert.Equal(shortfall, SplitSizes.Check(Moved(split, field, suggested - 0.001), job, Rows(Moved(split, field, suggested - 0.001), n))?.Shortfall);
    }

    [Theory]
    [InlineData("{}", 5)]                                           // 4, 0, 1: the boundary that just passes
    [InlineData("{train: 0.9, validation: 0, test: 0.1}", 9)]      // 8, 0, 1: no validation rows, and none needed without earlyStopping
    [InlineData("{train: 0.9, validation: 0.1, test: 0}", 3)]      // test 0: said without data, by the spec check
    public void Splits_that_get_the_rows_the_run_needs_pass(string fractions, int n)
    {
        var split = Split(fractions);
        Assert.Null(SplitSizes.Check(split, Job(), Rows(split, n)));
    }

    [Fact]
    public void An_empty_validation_split_is_refused_only_for_a_job_that_early_stops_on_it()
    {
        var split = Split("{train: 0.5, validation: 0.1, test: 0.4}");
        Assert.Null(SplitSizes.Check(split, Job(), Rows(split, 7)));
        Assert.Null(SplitSizes.Check(Split("{train: 0.6, validation: 0, test: 0.4}"), Job(earlyStopping: true), Rows(Split("{train: 0.6, validation: 0, test: 0.4}"), 7)));
        Assert.Contains("earlyStopping of TrainingJob t watches it", SplitSizes.Check(split, Job(earlyStopping: true), Rows(split, 7))!.Message);
    }

    [Fact]
    public void One_training_row_is_refused_only_with_batch_norm_and_under_too_few_rows()
    {
        var split = Split("{train: 0.4, validation: 0.3, test: 0.3}");
        Assert.Null(SplitSizes.Check(split, Job(), Rows(split, 3)));
        var refusal = SplitSizes.Check(split, Job(batchNorm: true), Rows(split, 3));
        Assert.Equal(SplitSizes.TooFewRows, refusal?.Reason);
        Assert.EndsWith("or set algorithm.mlp.batchNorm: false", refusal!.Message);
    }

    [Fact]
    public void Estimated_rows_say_about_and_the_method()
    {
        var refusal = SplitSizes.Check(Split("{method: hash, key: id}"), Job(), new SplitRows(3, 1, 0), about: true);

        Assert.StartsWith("the test split would have no rows: split.test 0.1 of 4 rows gives about 3 training, 1 validation and 0 test rows by hash,", refusal!.Message);
        Assert.Contains("raise split.test to about 0.126 or more", refusal.Message);
    }

    /// <summary>The rows a random split of <paramref name="n"/> gives, as the splitter cuts them.</summary>
    private static SplitRows Rows(SplitSpec split, int n)
    {
        var (trainEnd, validationEnd) = SplitCuts.Points(n, split.TrainOrDefault, split.ValidationOrDefault);
        return new SplitRows(trainEnd, validationEnd - trainEnd, n - validationEnd);
    }

    /// <summary>The split with <paramref name="field"/> set to <paramref name="value"/>, the difference taken from train (test for train itself).</summary>
    private static SplitSpec Moved(SplitSpec split, string field, double value) => field switch
    {
        "train" => split with { Train = value, Test = split.TestOrDefault - (value - split.TrainOrDefault) },
        "test" => split with { Test = value, Train = split.TrainOrDefault - (value - split.TestOrDefault) },
        _ => split with { Validation = value, Train = split.TrainOrDefault - (value - split.ValidationOrDefault) },
    };

    private static SplitSpec Split(string yaml)
    {
        var fields = yaml.Trim('{', '}').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.Split(':', StringSplitOptions.TrimEntries)).ToDictionary(f => f[0], f => f[1]);
        double? D(string k) => fields.TryGetValue(k, out var v) ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        return new SplitSpec
        {
            Train = D("train"), Validation = D("validation"), Test = D("test"),
            Method = fields.TryGetValue("method", out var m) ? Enum.Parse<SplitMethod>(m, ignoreCase: true) : null,
            Key = fields.GetValueOrDefault("key"),
        };
    }

    private static TrainingJob Job(bool earlyStopping = false, bool batchNorm = false) => new()
    {
        Metadata = new ObjectMeta { Name = "t" },
        Spec = new TrainingJobSpec
        {
            Algorithm = new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [8], BatchNorm = batchNorm } },
            EarlyStopping = earlyStopping ? new EarlyStoppingSpec { Metric = "auc" } : null,
        },
    };
}
