using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;

namespace GitOpsMl.Cli.Tests.Train;

/// <summary>`kill` (SIGTERM) or Ctrl-C during training ends the run between batches: exit 130, no bundle, no staging left.</summary>
public class TrainCancellationTests
{
    [Fact]
    public async Task SIGTERM_during_training_exits_130_and_writes_nothing()
    {
        using var temp = new TempRepository();
        var output = temp.PathOf("out");
        // A run far longer than any delay in delivering the signal on a loaded machine: 5,000 epochs, no early stopping.
        var source = TestPaths.Combine("examples", "churn");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            temp.Write(Path.Combine("churn", Path.GetRelativePath(source, file)), File.ReadAllBytes(file));
        var job = temp.PathOf("churn/manifests/trainingjob.yaml");
        File.WriteAllText(job, File.ReadAllText(job).Replace("epochs: 40", "epochs: 5000", StringComparison.Ordinal)
            .Replace("  earlyStopping: {metric: auc, patience: 6}\n", "", StringComparison.Ordinal));

        var result = await GitOpsMlProcess.TerminateWhenAsync(temp.Root, line => line.Contains("\"event\":\"epoch\"", StringComparison.Ordinal),
            "train", temp.PathOf("churn"), "--job", "churn", "--out", output);

        Assert.True(result.ExitCode == ExitCodes.Cancelled, result.ToString());
        Assert.Contains("cancelled; no bundle written", result.Stderr);
        Assert.False(Directory.Exists(output), "no bundle folder");
        Assert.DoesNotContain("\"epoch\":5000", result.Stdout);
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp.Root), p => Path.GetFileName(p).StartsWith('.')
            && Path.GetFileName(p) is not (".git" or ".gitopsml-root"));
    }
}
