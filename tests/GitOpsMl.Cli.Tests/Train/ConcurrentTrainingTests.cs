using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;

namespace GitOpsMl.Cli.Tests.Train;

/// <summary>
/// Torch's generator and thread count are process-wide; every use goes through TorchGate's session. Two runs
/// in one process at once (with different thread counts, so one changing the count under the other would show)
/// still give the bundles they give alone.
/// </summary>
[Collection(TrainingCollection.Name)]
public class ConcurrentTrainingTests
{
    [Fact]
    public async Task Two_trainings_at_once_in_one_process_give_byte_identical_bundles_to_sequential_ones()
    {
        using var temp = new TempRepository();
        var churn = TestPaths.Combine("examples", "churn");
        var demand = temp.PathOf("demand");
        var source = TestPaths.Combine("examples", "demand-forecast");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            temp.Write(Path.Combine("demand", Path.GetRelativePath(source, file)), File.ReadAllBytes(file));
        var manifest = Path.Combine(demand, "manifests", "demand.yaml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("seed: 7, threads: 1", "seed: 7, threads: 2", StringComparison.Ordinal));

        Assert.Equal(0, Train(churn, "churn", temp.PathOf("churn-alone")));
        Assert.Equal(0, Train(demand, "demand", temp.PathOf("demand-alone")));

        using var start = new Barrier(2);
        var together = new[] { (churn, "churn"), (demand, "demand") }
            .Select(run => Task.Run(() =>
            {
                start.SignalAndWait();
                return Train(run.Item1, run.Item2, temp.PathOf($"{run.Item2}-together"));
            })).ToArray();
        var codes = await Task.WhenAll(together);
        Assert.Equal(new[] { 0, 0 }, codes);

        foreach (var job in new[] { "churn", "demand" })
        {
            foreach (var file in Directory.EnumerateFiles(temp.PathOf($"{job}-alone")).Select(Path.GetFileName))
            {
                Assert.True(File.ReadAllBytes(temp.PathOf($"{job}-alone/{file}")).AsSpan().SequenceEqual(File.ReadAllBytes(temp.PathOf($"{job}-together/{file}"))),
                    $"{job}: {file} differs when trained beside another run");
            }
        }
    }

    private static int Train(string path, string job, string output) =>
        TrainCommand.Run(new TrainCommand.Arguments(path, job, output, Device: "cpu"), TextWriter.Null, TextWriter.Null);
}
