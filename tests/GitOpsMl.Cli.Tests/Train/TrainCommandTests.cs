using System.Text.Json;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;
using GitOpsMl.Serving.Bundles;

namespace GitOpsMl.Cli.Tests.Train;

/// <summary>`gitopsml train` on the example repositories: complete, verifiable, reproducible bundles; refusals that write nothing.</summary>
[Collection(TrainingCollection.Name)]
public class TrainCommandTests
{
    private static (int Code, string Stdout, string Stderr) Train(string path, string job, string output)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = TrainCommand.Run(new TrainCommand.Arguments(path, job, output, Device: "cpu"), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("churn", "churn", "binary", "auc")]
    [InlineData("demand-forecast", "demand", "regression", "rmse")]
    public void Training_an_example_writes_a_complete_bundle_whose_hashes_verify(string example, string job, string task, string metric)
    {
        using var temp = new TempRepository(marker: false);
        var bundle = temp.PathOf("bundle");

        var (code, stdout, stderr) = Train(TestPaths.Combine("examples", example), job, bundle);

        Assert.True(code == 0, stderr);
        // The server's loader is the verifier: it refuses a bundle whose files do not match manifest.json.
        var loaded = BundleLoader.Load(bundle);
        Assert.Equal(
            [BundleManifest.MetricsFile, BundleManifest.ModelCardFile, BundleManifest.ModelFile, BundleManifest.ProfileFile, BundleManifest.TransformsFile],
            loaded.Manifest.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(task, loaded.Manifest.Task);
        Assert.Equal(ContentHash.OfBytes(loaded.ModelBytes)[..12], loaded.Manifest.Version);

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(bundle, BundleManifest.MetricsFile)));
        Assert.True(metrics.RootElement.GetProperty("test").GetProperty(metric).GetDouble() > 0);
        Assert.True(metrics.RootElement.GetProperty("baseline").GetProperty(metric).GetDouble() > 0);
        Assert.True(metrics.RootElement.GetProperty("parity").GetProperty("maxAbsDifference").GetDouble() <= 1e-5);

        var events = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("data", events[0].GetProperty("event").GetString());
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "epoch" && e.GetProperty("model").GetString() == "baseline");
        Assert.Equal("done", events[^1].GetProperty("event").GetString());
    }

    [Fact]
    public void The_churn_mlp_reports_its_test_auc_beside_the_linear_baseline_and_beats_chance()
    {
        using var temp = new TempRepository(marker: false);
        var (code, _, stderr) = Train(TestPaths.Combine("examples", "churn"), "churn", temp.PathOf("b"));
        Assert.True(code == 0, stderr);

        using var metrics = JsonDocument.Parse(File.ReadAllBytes(temp.PathOf("b/metrics.json")));
        var auc = metrics.RootElement.GetProperty("test").GetProperty("auc").GetDouble();
        var baselineAuc = metrics.RootElement.GetProperty("baseline").GetProperty("auc").GetDouble();
        Assert.InRange(auc, 0.75, 1.0);
        Assert.InRange(baselineAuc, 0.6, 1.0);
        var card = File.ReadAllText(temp.PathOf("b/model-card.md"));
        Assert.Contains("| auc |", card);
        Assert.Contains("linear baseline", card);
        Assert.Contains("plan=basic", card);
    }

    [Fact]
    public void Same_data_spec_and_seed_give_byte_identical_bundles()
    {
        using var temp = new TempRepository(marker: false);
        var example = TestPaths.Combine("examples", "churn");
        Assert.Equal(0, Train(example, "churn", temp.PathOf("first")).Code);
        Assert.Equal(0, Train(example, "churn", temp.PathOf("second")).Code);

        foreach (var file in Directory.EnumerateFiles(temp.PathOf("first")).Select(Path.GetFileName))
            Assert.True(File.ReadAllBytes(temp.PathOf($"first/{file}")).AsSpan().SequenceEqual(File.ReadAllBytes(temp.PathOf($"second/{file}"))), $"{file} differs");
    }

    [Fact]
    public void Data_that_breaks_its_schema_fails_with_row_precise_errors_and_writes_no_bundle()
    {
        using var repo = CopyOfChurn();
        var csv = File.ReadAllLines(repo.PathOf("data/churn.csv")).ToList();
        csv[5] = "C00004,-3.0,58.29,plus,west,monthly,0,female,true";   // line 6: tenure below min 0
        csv[9] = "C00008,12.0,40.00,gold,west,monthly,0,male,false";   // line 10: plan not allowed
        File.WriteAllLines(repo.PathOf("data/churn.csv"), csv);
        var bundle = repo.PathOf("out/bundle");

        var (code, stdout, stderr) = Train(repo.Root, "churn", bundle);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("line 6", stderr);
        Assert.Contains("tenure_months", stderr);
        Assert.Contains("line 10", stderr);
        Assert.Contains("gold", stderr);
        Assert.Contains("no bundle written", stderr);
        Assert.False(Directory.Exists(bundle));
        Assert.False(Directory.Exists(repo.PathOf("out")) && Directory.EnumerateFileSystemEntries(repo.PathOf("out")).Any(),
            "a failed run leaves nothing behind, not even a staging folder");
        Assert.Contains("\"event\":\"failed\"", stdout);
    }

    [Fact]
    public void A_failed_run_never_replaces_a_good_bundle()
    {
        using var repo = CopyOfChurn();
        var bundle = repo.PathOf("bundle");
        Assert.Equal(0, Train(repo.Root, "churn", bundle).Code);
        var before = File.ReadAllBytes(Path.Combine(bundle, "manifest.json"));

        File.AppendAllText(repo.PathOf("data/churn.csv"), "C99999,not-a-number,1,basic,west,monthly,0,male,true\n");
        var (code, _, _) = Train(repo.Root, "churn", bundle);

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(bundle, "manifest.json")));
        BundleLoader.Load(bundle);
    }

    [Fact]
    public void A_diverging_run_exits_3_names_the_epoch_and_writes_no_bundle()
    {
        using var repo = CopyOf("demand-forecast");
        var path = repo.PathOf("manifests/demand.yaml");
        File.WriteAllText(path, File.ReadAllText(path)
            .Replace("hyperparameters: {epochs: 60, batchSize: 64, learningRate: 0.003, seed: 7, threads: 1}",
                     "hyperparameters: {epochs: 5, batchSize: 64, learningRate: 10, optimizer: sgd, seed: 7, threads: 1}")
            .Replace("  earlyStopping: {metric: rmse, patience: 8}\n", ""));

        var (code, _, stderr) = Train(repo.Root, "demand", repo.PathOf("bundle"));

        Assert.Equal(ExitCodes.Diverged, code);
        Assert.Contains("TrainingJob/demand: Training diverged: the loss was", stderr);
        Assert.Contains("at epoch 1", stderr);
        Assert.False(Directory.Exists(repo.PathOf("bundle")));
    }

    [Fact]
    public void Invalid_manifests_are_refused_before_any_training()
    {
        using var repo = CopyOfChurn();
        var path = repo.PathOf("manifests/trainingjob.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("epochs: 40", "epochs: forty"));

        var (code, _, stderr) = Train(repo.Root, "churn", repo.PathOf("bundle"));

        Assert.Equal(ExitCodes.Invalid, code);
        Assert.Contains("TrainingJob/churn: spec.hyperparameters.epochs: expected an integer", stderr);
        Assert.False(Directory.Exists(repo.PathOf("bundle")));
    }

    [Fact]
    public void An_unknown_job_is_a_usage_error_naming_the_jobs_there_are()
    {
        using var temp = new TempRepository(marker: false);
        var (code, _, stderr) = Train(TestPaths.Combine("examples", "churn"), "chrun", temp.PathOf("b"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no TrainingJob named chrun; the manifests hold: churn", stderr);
    }

    [Fact]
    public void An_out_path_that_is_an_existing_file_fails_before_the_data_is_read()
    {
        using var temp = new TempRepository(marker: false);
        temp.Write("bundle", "not a folder"u8.ToArray());

        var (code, stdout, stderr) = Train(TestPaths.Combine("examples", "churn"), "churn", temp.PathOf("bundle"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("is an existing file; a bundle is a folder", stderr);
        Assert.DoesNotContain("\"data\"", stdout);
        Assert.Equal("not a folder", File.ReadAllText(temp.PathOf("bundle")));
    }

    private static TempRepository CopyOfChurn() => CopyOf("churn");

    private static TempRepository CopyOf(string example)
    {
        var repo = new TempRepository();
        var source = TestPaths.Combine("examples", example);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith('.')) continue;
            repo.Write(relative, File.ReadAllBytes(file));
        }
        return repo;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "training";
}
