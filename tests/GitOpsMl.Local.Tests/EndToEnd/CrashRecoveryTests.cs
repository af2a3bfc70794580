using GitOpsMl.Api.Kinds;
using GitOpsMl.Local.Tests.EndToEnd.Support;

namespace GitOpsMl.Local.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task A_control_plane_killed_mid_training_and_mid_canary_converges_without_duplicates_or_orphans()
    {
        using var workspace = new EndToEndWorkspace();
        workspace.UseGates("[{metric: auc, min: 0.7}]");
        workspace.UseCanary("[{weight: 50, pause: 10m}]", minRequests: 10);
        // Long enough to be killed mid-run: no early stopping, many epochs.
        workspace.Replace("trainingjob.yaml", "epochs: 40", "epochs: 400");
        workspace.Replace("trainingjob.yaml", "  earlyStopping: {metric: auc, patience: 6}\n", "");
        using var state = new StateReader(workspace);

        // (e) SIGKILL while the first run is training
        var first = UpProcess.Start(workspace);
        state.Output = () => first.Output;
        await state.UntilAsync<TrainingJob>("churn", j => j.Status?.Phase == TrainingPhase.Running, EndToEndCollection.Converge, "training running");
        first.Kill();
        await first.DisposeAsync();
        await AssertNoOrphansAsync(workspace);

        long revisionAtCrash;
        await using (var second = UpProcess.Start(workspace))
        {
            await state.UntilAsync<Deployment>("churn", d => d.Status?.StableVersion == "v1" && d.Status.ReadyReplicas >= 1, EndToEndCollection.Converge, "v1 served after restart");
            var job = await state.GetAsync<TrainingJob>("churn");
            Assert.Equal(2, job!.Status!.Attempts);
            Assert.Single(await state.ListAsync<ModelVersion>());

            // and again while v2 is a canary
            workspace.Replace("trainingjob.yaml", "epochs: 400", "epochs: 30");
            await UpProcess.ApplyAsync(workspace);
            var canary = await state.UntilAsync<Deployment>("churn", d => d.Status?.CanaryVersion == "v2" && d.Status.ReadyReplicas >= 1, EndToEndCollection.Converge, "canary v2");
            revisionAtCrash = long.Parse(canary!.Metadata.ResourceVersion!);
            second.Kill();
        }
        await AssertNoOrphansAsync(workspace);

        await using var third = UpProcess.Start(workspace);
        // The status read right after a restart is the one written before the crash: wait for the new control plane's own.
        await state.UntilAsync<Deployment>("churn", d => long.Parse(d.Metadata.ResourceVersion!) > revisionAtCrash && d.Status?.CanaryVersion == "v2"
            && d.Status.ReadyReplicas >= 1 && d.Status.CanaryWeight == 50, EndToEndCollection.Converge, "canary resumed after restart");
        using var traffic = new ChurnTraffic(workspace);
        await Execution.Support.Eventually.Until(() => traffic.SendAsync(20), answers => answers.Count == 2, TimeSpan.FromSeconds(30), "both versions answering after restart");
        var versions = await state.ListAsync<ModelVersion>();
        Assert.Equal([1, 2], versions.Select(v => v.Spec.Version).Order());
        Assert.Equal(2, versions.Select(v => v.Spec.Artifact.Sha256).Distinct().Count());
        var runs = Directory.GetDirectories(Path.Combine(workspace.State, "runs")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(3, runs.Count); // attempt 1 (killed), attempt 2 (retried), the v2 run: none twice
    }

    private static async Task AssertNoOrphansAsync(EndToEndWorkspace workspace)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        IReadOnlyList<(int Pid, string CommandLine)> left;
        do
        {
            left = ChildProcesses.Mentioning(workspace.State);
            if (left.Count == 0) return;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail("processes survived the control plane: " + string.Join("; ", left.Select(p => $"{p.Pid} {p.CommandLine}")));
    }
}
