using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Local.Tests.EndToEnd.Support;

namespace GitOpsMl.Local.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class DriftRollbackTests
{
    [Fact]
    public async Task Drift_on_one_shifted_feature_rolls_a_running_canary_back_and_it_stays_rolled_back()
    {
        using var workspace = new EndToEndWorkspace();
        workspace.UseGates("[{metric: auc, min: 0.7}]");
        workspace.UseCanary("[{weight: 50, pause: 10m}]", minRequests: 10);
        workspace.UseMonitor("{method: psi, threshold: 0.2, minSamples: 100, consecutiveWindows: 1, features: [tenure_months, monthly_charges, plan]}", "rollback");
        await using var up = UpProcess.Start(workspace);
        using var state = new StateReader(workspace) { Output = () => up.Output };
        using var traffic = new ChurnTraffic(workspace);
        await state.UntilAsync<Deployment>("churn", d => d.Status?.StableVersion == "v1" && d.Status.ReadyReplicas >= 1, EndToEndCollection.Converge, "v1 served");

        workspace.Reseed(45);
        await UpProcess.ApplyAsync(workspace);
        await state.UntilAsync<Deployment>("churn", d => d.Status?.CanaryVersion == "v2", EndToEndCollection.Converge, "canary v2 running");

        // (d) traffic whose tenure is far from training; the other features keep their distribution
        await traffic.SendAsync(300, ChurnTraffic.LongTenure);
        var monitor = await state.UntilAsync<Api.Kinds.Monitor>("churn", m => ConditionList.IsTrue(m.Status?.Conditions, ConditionTypes.Drifting),
            EndToEndCollection.Converge, "monitor reports drift");
        Assert.Equal("tenure_months", monitor!.Status!.WorstFeature);
        Assert.True(monitor.Status.FeatureScores!["tenure_months"] > 0.2, $"tenure PSI {monitor.Status.FeatureScores["tenure_months"]}");
        Assert.True(monitor.Status.FeatureScores["monthly_charges"] < 0.2, $"monthly_charges PSI {monitor.Status.FeatureScores["monthly_charges"]}");
        Assert.Contains("tenure_months", ConditionList.Get(monitor.Status.Conditions, ConditionTypes.Drifting)!.Message);

        var rolledBack = await state.UntilAsync<Deployment>("churn", d => d.Status?.Phase == RolloutPhase.RolledBack, EndToEndCollection.Converge, "canary rolled back");
        Assert.Equal("v1", rolledBack!.Status!.StableVersion);
        Assert.Null(rolledBack.Status.CanaryVersion);
        Assert.Contains("tenure_months", rolledBack.Status.RollbackReason);
        Assert.Contains(await state.EventsAsync<Deployment>("churn"), e => e.Reason == ConditionReasons.RolledBack && e.Message.Contains("v2"));

        // It stays rolled back on later reconciles (the monitor keeps evaluating every second) until git changes.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var later = await state.GetAsync<Deployment>("churn");
        Assert.Equal(RolloutPhase.RolledBack, later!.Status!.Phase);
        Assert.Null(later.Status.CanaryVersion);
        Assert.Equal("v1", later.Status.StableVersion);
        var served = await traffic.SendAsync(30);
        Assert.Single(served.Keys);
    }
}
