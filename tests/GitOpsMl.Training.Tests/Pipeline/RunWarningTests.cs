using System.Globalization;
using System.Text;
using System.Text.Json;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Splitting;
using GitOpsMl.Training.Pipeline;
using GitOpsMl.Training.Tests.Support;

namespace GitOpsMl.Training.Tests.Pipeline;

/// <summary>
/// A run that takes too few optimizer steps to learn says so, with the numbers and what to change, in the progress
/// stream, metrics.json and the model card; a run with enough steps that beats the trivial predictor says nothing.
/// </summary>
public sealed class RunWarningTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gitopsml-warnings-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_small_data_set_at_the_default_batch_size_and_epochs_is_warned_about_in_progress_metrics_and_card()
    {
        // 180 training rows in one 256-row batch an epoch, 20 epochs: 20 steps.
        var events = new List<TrainingEvent>();
        var result = Run(new HyperparametersSpec { Seed = 3, Threads = 1 }, "bundle", events);

        var expected = "the model trains for only 20 optimizer steps (20 epochs × 1 batch of up to 256 from 180 training rows), fewer than 500";
        var warning = Assert.Single(events, e => e.Event == "warning" && e.Reason == TrainingWarning.FewOptimizerSteps);
        Assert.StartsWith(expected, warning.Message);
        Assert.Contains("lower hyperparameters.batchSize to 7 or less, or raise hyperparameters.epochs to 500 or more", warning.Message);
        Assert.True(events.IndexOf(warning) < events.FindIndex(e => e.Event == "epoch"), "the warning comes before training, not after it");

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(result.BundlePath, BundleManifest.MetricsFile)));
        var written = metrics.RootElement.GetProperty("warnings").EnumerateArray().First();
        Assert.Equal((TrainingWarning.FewOptimizerSteps, warning.Message), (written.GetProperty("reason").GetString(), written.GetProperty("message").GetString()));
        var card = File.ReadAllText(Path.Combine(result.BundlePath, BundleManifest.ModelCardFile));
        Assert.Contains("## Warnings", card);
        Assert.Contains($"- **FewOptimizerSteps**: {expected}", card);
    }

    [Fact]
    public void Warnings_are_part_of_the_deterministic_bundle()
    {
        var first = Run(new HyperparametersSpec { Seed = 3, Threads = 1 }, "first", []);
        var second = Run(new HyperparametersSpec { Seed = 3, Threads = 1 }, "second", []);

        Assert.NotNull(first.Metrics.Warnings);
        foreach (var file in new[] { BundleManifest.MetricsFile, BundleManifest.ModelCardFile, BundleManifest.FileName })
            Assert.True(File.ReadAllBytes(Path.Combine(first.BundlePath, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(second.BundlePath, file))), file);
    }

    [Fact]
    public void A_run_with_enough_steps_that_beats_the_trivial_predictor_has_no_warnings()
    {
        // 180 rows in 8-row batches: 23 a batch, × 22 epochs = 506 steps.
        var events = new List<TrainingEvent>();
        var result = Run(new HyperparametersSpec { Epochs = 22, BatchSize = 8, Seed = 3, Threads = 1 }, "bundle", events);

        Assert.True(result.Metrics.Test["auc"] > result.Metrics.Trivial!["auc"]);
        Assert.DoesNotContain(events, e => e.Event == "warning");
        Assert.Null(result.Metrics.Warnings);
        Assert.DoesNotContain("warnings", File.ReadAllText(Path.Combine(result.BundlePath, BundleManifest.MetricsFile)));
        Assert.DoesNotContain("## Warnings", File.ReadAllText(Path.Combine(result.BundlePath, BundleManifest.ModelCardFile)));
    }

    private TrainingRun.Result Run(HyperparametersSpec hyperparameters, string name, List<TrainingEvent> events)
    {
        var path = Path.Combine(_root, $"{name}.csv");
        File.WriteAllText(path, Csv());
        return TrainingRun.Execute(new TrainingRunRequest(Inputs(hyperparameters), path, Path.Combine(_root, name), Device: "cpu", Progress: events.Add));
    }

    /// <summary>300 rows; y is mostly the sign of x.</summary>
    private static string Csv()
    {
        var random = new SplitMix64(5);
        var b = new StringBuilder("x,y\n");
        for (var i = 0; i < 300; i++)
        {
            var x = random.NextDouble() * 4 - 2;
            b.Append(CultureInfo.InvariantCulture, $"{x:F4},{(x + (random.NextDouble() - 0.5) > 0 ? "true" : "false")}\n");
        }
        return b.ToString();
    }

    private static TrainingInputs Inputs(HyperparametersSpec hyperparameters)
    {
        return MiniInputs.Of(
            new DatasetSpec
            {
                Schema =
                [
                    new ColumnSpec { Name = "x", Type = ColumnType.Float },
                    new ColumnSpec { Name = "y", Type = ColumnType.Bool, Role = ColumnRole.Label },
                ],
                Split = new SplitSpec { Train = 0.6, Validation = 0.2, Test = 0.2 },
            },
            new FeatureSetSpec { Label = new LabelSpec { Column = "y", Task = PredictionTask.Binary }, Features = [new FeatureSpec { Column = "x" }] },
            new TrainingJobSpec
            {
                Algorithm = new() { Mlp = new MlpSpec { HiddenLayers = [8] } },
                Hyperparameters = hyperparameters,
                Baseline = new BaselineSpec { Enabled = false },
            });
    }
}
