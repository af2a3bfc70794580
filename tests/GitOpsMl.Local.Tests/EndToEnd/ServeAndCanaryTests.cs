using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Local.Tests.EndToEnd.Support;

namespace GitOpsMl.Local.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class ServeAndCanaryTests
{
    [Fact]
    public async Task Manifests_become_a_served_prediction_and_a_new_version_walks_every_canary_step_to_promotion()
    {
        using var workspace = new EndToEndWorkspace();
        workspace.UseGates("[{metric: auc, min: 0.7}]");
        workspace.UseCanary("[{weight: 25, pause: 6s}, {weight: 75, pause: 6s}]");
        await using var up = UpProcess.Start(workspace);
        using var state = new StateReader(workspace) { Output = () => up.Output };
        using var traffic = new ChurnTraffic(workspace);

        // (a) from manifests to a served prediction through the front port
        var deployment = await state.UntilAsync<Deployment>("churn", d => d.Status?.StableVersion == "v1" && d.Status.ReadyReplicas >= 1,
            EndToEndCollection.Converge, "v1 served");
        var v1 = (await traffic.SendAsync(20)).Keys.Single();

        // (b) a hyperparameter change trains v2, which passes its gates and walks the canary
        workspace.Reseed(43);
        await UpProcess.ApplyAsync(workspace);
        // canaryWeight moves first; routedCanaryWeight follows once every replica routes by the new weight.
        await state.UntilAsync<Deployment>("churn", d => d.Status?.CanaryVersion == "v2" && d.Status.RoutedCanaryWeight == 25, EndToEndCollection.Converge, "canary v2 routed at 25%");
        var atQuarter = await traffic.SendAsync(200);
        var v2 = Assert.Single(atQuarter.Keys, k => k != v1);
        Assert.InRange(atQuarter[v2] / 200.0, 0.12, 0.38);

        await state.UntilAsync<Deployment>("churn", d => d.Status?.RoutedCanaryWeight == 75, EndToEndCollection.Converge, "canary v2 routed at 75%");
        var atThreeQuarters = await traffic.SendAsync(200);
        Assert.InRange(atThreeQuarters.GetValueOrDefault(v2) / 200.0, 0.62, 0.88);

        deployment = await state.UntilAsync<Deployment>("churn", d => d.Status?.StableVersion == "v2" && d.Status.CanaryVersion is null,
            EndToEndCollection.Converge, "v2 promoted");
        Assert.Equal(RolloutPhase.Healthy, deployment!.Status!.Phase);
        await Execution.Support.Eventually.Until(() => traffic.SendAsync(10), answers => answers.Keys.SequenceEqual([v2]), TimeSpan.FromSeconds(20), "all traffic on v2");
        var events = await state.EventsAsync<Deployment>("churn");
        Assert.Contains(events, e => e.Reason == "Promoted" && e.Message.Contains("v2"));
        var versions = await state.ListAsync<ModelVersion>();
        Assert.All(versions, v => Assert.Equal(ModelVersionPhase.Approved, v.Status?.Phase));
        Assert.Equal(2, versions.Count);
    }

    [Fact]
    public async Task A_version_failing_its_gates_is_rejected_and_never_receives_a_request()
    {
        using var workspace = new EndToEndWorkspace();
        workspace.UseGates("[{metric: auc, min: 0.7}]");
        workspace.UseCanary("[{weight: 50, pause: 2s}]");
        await using var up = UpProcess.Start(workspace);
        using var state = new StateReader(workspace) { Output = () => up.Output };
        using var traffic = new ChurnTraffic(workspace);
        await state.UntilAsync<Deployment>("churn", d => d.Status?.StableVersion == "v1" && d.Status.ReadyReplicas >= 1, EndToEndCollection.Converge, "v1 served");
        var v1 = (await traffic.SendAsync(10)).Keys.Single();

        // (c) a gate no churn model can pass, and a new run
        workspace.UseGates("[{metric: auc, min: 0.7}, {metric: accuracy, min: 0.99}]");
        workspace.Reseed(44);
        await UpProcess.ApplyAsync(workspace);
        var versions = await Execution.Support.Eventually.Until(() => state.ListAsync<ModelVersion>(),
            list => list.Any(v => v.Spec.Version == 2 && v.Status?.Phase is ModelVersionPhase.Rejected or ModelVersionPhase.Approved), EndToEndCollection.Converge, "v2 judged");
        var v2 = versions.Single(v => v.Spec.Version == 2);
        Assert.Equal(ModelVersionPhase.Rejected, v2!.Status!.Phase);
        Assert.Contains(v2.Status.GateResults!, g => !g.Passed && g.Gate.Contains("accuracy"));
        var model = await state.UntilAsync<Model>("churn", m => m.Status?.LatestVersion == "v2", EndToEndCollection.Converge, "model saw v2");
        Assert.Contains("accuracy", model!.Status!.Conditions!.Single(c => c.Type == "GatesPassed").Message);
        Assert.Contains(await state.EventsAsync<Model>("churn"), e => e.Reason == "VersionRejected" && e.Message.Contains("accuracy"));

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal([v1], (await traffic.SendAsync(100)).Keys);
        var deployment = await state.GetAsync<Deployment>("churn");
        Assert.Equal("v1", deployment!.Status!.StableVersion);
        Assert.Null(deployment.Status.CanaryVersion);
    }
}
