using System.Diagnostics;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Metadata;
using GitOpsMl.Local.Tests.EndToEnd.Support;
using GitOpsMl.Local.Tests.Execution.Support;
using GitOpsMl.Local.Tests.Sources;

namespace GitOpsMl.Local.Tests.EndToEnd;

/// <summary>
/// The GitOps flow as a user runs it: an ML repository holding the churn example, and a platform
/// repository holding only a GitSource that points at it; `gitopsml up` on the latter trains, approves
/// and serves what the former holds, and a commit to the ML repository reaches the store within the interval.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class GitOpsFlowTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private static readonly string[] AppliedKinds = ["Dataset", "FeatureSet", "Model", "TrainingJob", "Deployment", "Monitor"];

    [Fact]
    public async Task Up_on_a_folder_holding_only_a_GitSource_serves_the_repository_and_a_new_commit_reaches_objects_and_lineage_within_the_interval()
    {
        // The platform repository holds the GitSource and, as a user's checkout would, the control plane's state:
        // lineage must name the ML repository's commit, not the one of the repository the state sits in.
        using var platform = new TempGitRepository();
        using var workspace = new EndToEndWorkspace(state: Path.Combine(platform.Root, ".gitopsml"));
        workspace.UseGates("[{metric: auc, min: 0.7}]");
        workspace.Replace("trainingjob.yaml", "epochs: 40", "epochs: 10");
        using var ml = new TempGitRepository(workspace.Root);
        var first = ml.Commit("churn: dataset, features, model, training, serving, monitoring");
        platform.Write("cluster/gitsource.yaml", $$"""
            apiVersion: gitopsml.io/v1alpha1
            kind: GitSource
            metadata: {name: ml}
            spec:
              url: {{ml.FileUrl}}
              path: manifests
              interval: {{Interval.TotalSeconds}}s
            """).Commit("sync the churn repository");

        await using var up = UpProcess.Start(workspace, Path.Combine(platform.Root, "cluster"));
        using var state = new StateReader(workspace) { Output = () => up.Output };
        using var traffic = new ChurnTraffic(workspace);

        // The GitSource applies the repository; the churn objects train, judge and serve v1 from it.
        var source = await state.UntilAsync<GitSource>("ml", s => s.Status?.LastAppliedRevision?.EndsWith(first) == true, EndToEndCollection.Converge, "first commit applied");
        Assert.Equal(AppliedKinds.Length, source!.Status!.InventoryCount);
        await state.UntilAsync<Deployment>("churn", d => d.Status?.StableVersion == "v1" && d.Status.ReadyReplicas >= 1, EndToEndCollection.Converge, "v1 served");
        var v1 = (await traffic.SendAsync(5)).Keys.Single();
        var approved = Assert.Single(await state.ListAsync<ModelVersion>());
        Assert.Equal(ModelVersionPhase.Approved, approved.Status?.Phase);
        Assert.Equal(first, approved.Spec.Lineage.GitCommit);
        Assert.Equal(approved.Spec.Lineage.BundleVersion, v1);

        // A commit to the ML repository (a reseed): fetched and applied within the interval, without `apply`.
        workspace.Reseed(43);
        var second = ml.Commit("churn: reseed");
        var clock = Stopwatch.StartNew();
        await state.UntilAsync<GitSource>("ml", s => s.Status?.LastAppliedRevision?.EndsWith(second) == true, EndToEndCollection.Converge, "second commit applied");
        var pickedUp = clock.Elapsed;
        // The interval, plus a sync and a slow status poll on a loaded 2-core machine.
        Assert.True(pickedUp < Interval + TimeSpan.FromSeconds(6), $"second commit applied after {pickedUp.TotalSeconds:0.0}s (interval {Interval.TotalSeconds}s)");
        foreach (var kind in AppliedKinds)
        {
            var applied = await ReadAsync(state, kind);
            Assert.Equal(second, applied.Metadata.Annotations![GitOpsMlAnnotations.Commit]);
            Assert.Equal("ml", applied.Metadata.Labels![GitOpsMlLabels.GitSourceName]);
        }
        var versions = await Eventually.Until(() => state.ListAsync<ModelVersion>(),
            list => list.Any(v => v.Spec.Version == 2 && v.Status?.Phase == ModelVersionPhase.Approved), EndToEndCollection.Converge, "v2 approved");
        Assert.Equal(second, versions.Single(v => v.Spec.Version == 2).Spec.Lineage.GitCommit);
        Assert.Equal(first, versions.Single(v => v.Spec.Version == 1).Spec.Lineage.GitCommit);
        Assert.Equal(43, versions.Single(v => v.Spec.Version == 2).Spec.Lineage.Seed);
    }

    private static async Task<Api.Common.CustomResource> ReadAsync(StateReader state, string kind) => kind switch
    {
        "Dataset" => (await state.GetAsync<Dataset>("churn"))!,
        "FeatureSet" => (await state.GetAsync<FeatureSet>("churn"))!,
        "Model" => (await state.GetAsync<Model>("churn"))!,
        "TrainingJob" => (await state.GetAsync<TrainingJob>("churn"))!,
        "Deployment" => (await state.GetAsync<Deployment>("churn"))!,
        "Monitor" => (await state.GetAsync<Api.Kinds.Monitor>("churn"))!,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind the churn example holds"),
    };
}
