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

        var result = await GitOpsMlProcess.TerminateWhenAsync(temp.Root, line => line.Contains("\"event\":\"epoch\"", StringComparison.Ordinal),
            "train", TestPaths.Combine("examples", "churn"), "--job", "churn", "--out", output);

        Assert.True(result.ExitCode == ExitCodes.Cancelled, result.ToString());
        Assert.Contains("cancelled; no bundle written", result.Stderr);
        Assert.False(Directory.Exists(output), "no bundle folder");
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp.Root), p => Path.GetFileName(p).StartsWith('.')
            && Path.GetFileName(p) is not (".git" or ".gitopsml-root"));
    }
}
