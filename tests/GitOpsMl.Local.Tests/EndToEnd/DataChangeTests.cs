using GitOpsMl.Api.Kinds;
using GitOpsMl.Local.Tests.EndToEnd.Support;

namespace GitOpsMl.Local.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class DataChangeTests
{
    [Fact]
    public async Task A_data_file_changed_in_place_changes_the_dataset_digest_and_trains_a_new_version()
    {
        using var workspace = new EndToEndWorkspace();
        workspace.UseGates("[{metric: auc, min: 0.7}]");
        await using var up = UpProcess.Start(workspace);
        using var state = new StateReader(workspace) { Output = () => up.Output };
        var before = await state.UntilAsync<Dataset>("churn", d => d.Status?.Sha256 is not null, EndToEndCollection.Converge, "dataset read");
        await state.UntilAsync<TrainingJob>("churn", j => j.Status?.Phase == TrainingPhase.Succeeded, EndToEndCollection.Converge, "v1 trained");

        // (g) the same file, 300 rows fewer: no manifest changes
        var lines = File.ReadAllLines(workspace.DataFile);
        File.WriteAllLines(workspace.DataFile, lines[..^300]);

        var after = await state.UntilAsync<Dataset>("churn", d => d.Status?.Sha256 is { } sha && sha != before!.Status!.Sha256, EndToEndCollection.Converge, "dataset digest changed");
        Assert.Equal(before!.Status!.RowCount - 300, after!.Status!.RowCount);
        var versions = await Execution.Support.Eventually.Until(() => state.ListAsync<ModelVersion>(), v => v.Count == 2, EndToEndCollection.Converge, "v2 registered");
        Assert.Equal(after.Status.Sha256, versions.Single(v => v.Spec.Version == 2).Spec.Lineage.DatasetSha256);
        Assert.Equal(before.Status.Sha256, versions.Single(v => v.Spec.Version == 1).Spec.Lineage.DatasetSha256);

        // SIGTERM (what kill, systemd and Kubernetes send) stops the control plane and everything it started.
        using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", up.Pid.ToString()])) await term!.WaitForExitAsync();
        await up.ExitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("control plane stopped", up.Output);
        Assert.Empty(ChildProcesses.Mentioning(workspace.State));
    }
}
