using System.Globalization;
using System.Text;
using System.Text.Json;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Splitting;
using GitOpsMl.Training.Pipeline;
using GitOpsMl.Training.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace GitOpsMl.Training.Tests.Pipeline;

/// <summary>
/// A whole run over a Dataset with a role weight column: the bundle says its metrics are weighted, and by which
/// column; the weight is never a model input; the same data, spec and seed give the same bytes; and a split that
/// weighs nothing is refused before training.
/// </summary>
public sealed class WeightedRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gitopsml-weights-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_weighted_run_says_so_in_metrics_and_model_card_and_serving_never_asks_for_the_weight()
    {
        var result = Run(Inputs(weighted: true), Csv(), "bundle");

        Assert.Equal("w", result.Metrics.WeightedBy);
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(result.BundlePath, BundleManifest.MetricsFile)));
        Assert.Equal("w", metrics.RootElement.GetProperty("weightedBy").GetString());
        var card = File.ReadAllText(Path.Combine(result.BundlePath, BundleManifest.ModelCardFile));
        Assert.Contains("Rows are weighted by column `w`", card);
        Assert.Contains("Every metric in this card is weighted by `w`.", card);

        Assert.Equal(["g", "x"], result.Manifest.Inputs.Select(i => i.Name).Order());
        using var session = new InferenceSession(Path.Combine(result.BundlePath, BundleManifest.ModelFile));
        Assert.DoesNotContain("w", session.InputMetadata.Keys);
        using var profile = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(result.BundlePath, BundleManifest.ProfileFile)));
        Assert.False(profile.RootElement.GetProperty("columns").TryGetProperty("w", out _));
    }

    [Fact]
    public void The_reported_test_and_slice_metrics_are_the_weighted_ones()
    {
        var inputs = Inputs(weighted: true);
        var result = Run(inputs, Csv(), "bundle");
        var data = PreparedData.Prepare(inputs, Encoding.UTF8.GetBytes(Csv()));

        // The trivial predictor needs no torch, so its numbers can be recomputed here exactly: fitted on the weighted
        // training rows and scored with the test rows' weights.
        var trivial = TrivialPredictor.Fit(data.Train.Data!);
        Assert.Equal(trivial.Evaluate(data.Test.Data!), result.Metrics.Trivial);
        Assert.NotEqual(TrivialPredictor.Fit(data.Train.Data!.WithWeights(null)).Evaluate(data.Test.Data!.WithWeights(null))["logLoss"],
            result.Metrics.Trivial!["logLoss"], 6);
        // Group b weighs 3, so it dominates: the overall weighted accuracy lies between the slices', nearer to b's.
        var (a, b) = (result.Metrics.Slices["g=a"]["accuracy"], result.Metrics.Slices["g=b"]["accuracy"]);
        var (rowsA, rowsB) = (result.Metrics.SliceRows["g=a"], result.Metrics.SliceRows["g=b"]);
        Assert.Equal((a * rowsA + 3 * b * rowsB) / (rowsA + 3.0 * rowsB), result.Metrics.Test["accuracy"], 9);
    }

    [Fact]
    public void Same_data_spec_and_seed_give_byte_identical_weighted_bundles()
    {
        var first = Run(Inputs(weighted: true), Csv(), "first");
        var second = Run(Inputs(weighted: true), Csv(), "second");

        foreach (var file in Directory.GetFiles(first.BundlePath).Select(Path.GetFileName))
            Assert.True(File.ReadAllBytes(Path.Combine(first.BundlePath, file!)).SequenceEqual(File.ReadAllBytes(Path.Combine(second.BundlePath, file!))), file);
    }

    [Fact]
    public void An_unweighted_run_writes_no_weight_statement()
    {
        var result = Run(Inputs(weighted: false), Csv(), "bundle");

        Assert.Null(result.Metrics.WeightedBy);
        Assert.DoesNotContain("weightedBy", File.ReadAllText(Path.Combine(result.BundlePath, BundleManifest.MetricsFile)));
        Assert.DoesNotContain("weighted by", File.ReadAllText(Path.Combine(result.BundlePath, BundleManifest.ModelCardFile)));
    }

    [Fact]
    public void A_test_split_whose_rows_all_weigh_nothing_refuses_the_run_naming_the_dataset()
    {
        // Time split: the latest fifth of the rows is the test split, and those rows weigh 0.
        var e = Assert.Throws<GitOpsMlFailure>(() => Run(Inputs(weighted: true, timeSplit: true), Csv(zeroFrom: 240), "bundle"));

        Assert.Equal((FailureKind.InvalidData, nameof(DataRefusalReason.ZeroWeights)), (e.Kind, e.Reason));
        Assert.Equal("d", e.Object!.Value.Name);
        Assert.Contains("test split has weight 0 in column \"w\"", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_root, "bundle")));
    }

    [Fact]
    public void A_negative_weight_is_a_schema_violation_naming_its_line()
    {
        var csv = Csv().Split('\n');
        csv[5] = "4,a,-2,true,5";

        var e = Assert.Throws<DataRefusedException>(() => Run(Inputs(weighted: true), string.Join('\n', csv), "bundle"));

        Assert.Equal(DataRefusalReason.TooManyInvalidRows, e.Refusal);
        var example = Assert.Single(e.Report!.Find(Data.Validation.ViolationKind.InvalidWeight, "w")!.Examples);
        Assert.Equal(6, example.Row);
    }

    private TrainingRun.Result Run(TrainingInputs inputs, string csv, string name)
    {
        var path = Path.Combine(_root, $"{name}.csv");
        File.WriteAllText(path, csv);
        return TrainingRun.Execute(new TrainingRunRequest(inputs, path, Path.Combine(_root, name), Device: "cpu"));
    }

    /// <summary>
    /// 300 rows: y depends on x, and on g (in group b the relation is reversed, so one linear fit must favour one
    /// group); rows of group b weigh 3, those of a 1; t numbers the rows in time order.
    /// </summary>
    private static string Csv(int zeroFrom = int.MaxValue)
    {
        var random = new SplitMix64(5);
        var b = new StringBuilder("x,g,w,y,t\n");
        for (var i = 0; i < 300; i++)
        {
            var x = random.NextDouble() * 4 - 2;
            var g = random.NextInt(3) == 0 ? "b" : "a";
            var positive = (g == "a" ? x : -x) + (random.NextDouble() - 0.5) > 0;
            var w = i >= zeroFrom ? 0 : g == "b" ? 3 : 1;
            b.Append(CultureInfo.InvariantCulture, $"{x:F4},{g},{w},{(positive ? "true" : "false")},{i}\n");
        }
        return b.ToString();
    }

    private static TrainingInputs Inputs(bool weighted, bool timeSplit = false)
    {
        return MiniInputs.Of(
            new DatasetSpec
            {
                Schema =
                [
                    new ColumnSpec { Name = "x", Type = ColumnType.Float },
                    new ColumnSpec { Name = "g", Type = ColumnType.Category },
                    new ColumnSpec { Name = "w", Type = ColumnType.Float, Role = weighted ? ColumnRole.Weight : ColumnRole.Ignore },
                    new ColumnSpec { Name = "y", Type = ColumnType.Bool, Role = ColumnRole.Label },
                    new ColumnSpec { Name = "t", Type = ColumnType.Int, Role = ColumnRole.Ignore },
                ],
                Split = timeSplit
                    ? new SplitSpec { Method = SplitMethod.Time, TimeColumn = "t", Train = 0.6, Validation = 0.2, Test = 0.2 }
                    : new SplitSpec { Method = SplitMethod.Random, Train = 0.6, Validation = 0.2, Test = 0.2, StratifyBy = "g" },
            },
            new FeatureSetSpec
            {
                Label = new LabelSpec { Column = "y", Task = PredictionTask.Binary },
                Features = [new FeatureSpec { Column = "x" }, new FeatureSpec { Column = "g" }],
            },
            new TrainingJobSpec
            {
                Algorithm = new() { Linear = new() },
                Hyperparameters = new HyperparametersSpec { Epochs = 20, BatchSize = 32, LearningRate = 0.05, Seed = 3, Threads = 1 },
                EarlyStopping = new EarlyStoppingSpec { Metric = "logLoss", Patience = 5 },
                Evaluation = new EvaluationSpec { Slices = ["g"] },
            });
    }
}
