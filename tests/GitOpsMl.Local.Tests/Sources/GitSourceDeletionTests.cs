using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Reconcilers;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Local.Sources;
using GitOpsMl.Local.Tests.Store;
using Prometheus;

namespace GitOpsMl.Local.Tests.Sources;

/// <summary>
/// Deleting a GitSource on the SQLite store, through the controller runtime (its finalizer): with prune
/// what it applied goes as Flux's kustomize-controller deletes a Kustomization's objects; without, the
/// objects stay with the checkout they read data from. The clone goes either way.
/// </summary>
public sealed class GitSourceDeletionTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly ObjectKey Source = ObjectKey.For("GitSource", null, "ml");
    private readonly StoreFixture _fixture = new();
    private readonly TempGitRepository _repo = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _state;
    private ControllerManager? _manager;

    public GitSourceDeletionTests()
    {
        _state = Path.Combine(_fixture.Directory, "state");
        _repo.Write("data/small.csv", Manifests.Data)
            .Write("manifests/first.yaml", Manifests.Dataset("first"))
            .Write("manifests/second.yaml", Manifests.Dataset("second"))
            .Write("manifests/model.yaml", Manifests.Model("churn"))
            .Commit("two datasets and a model");
    }

    private string SourceFolder => Path.Combine(_state, "sources", "default", "ml");

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _manager?.Dispose();
        _repo.Dispose();
        _fixture.Dispose();
    }

    /// <summary>The GitSource controller running on the store, and the source applied and Ready.</summary>
    private async Task<GitSource> SyncedAsync(bool? prune = null, bool suspendAfterSync = false)
    {
        var manager = _manager = new ControllerManager(_fixture.Store, TimeProvider.System, Metrics.NewCustomRegistry());
        manager.Register(new GitSourceReconciler(_fixture.Store, new LibGit2Checkout(_state), new FolderSecretReader(null), manager.Events, TimeProvider.System));
        await _fixture.Store.CreateAsync(new GitSource
        {
            Metadata = new ObjectMeta { Name = "ml" },
            Spec = new GitSourceSpec { Url = _repo.FileUrl, Path = "manifests", Prune = prune },
        });
        _ = Task.Run(() => manager.RunAsync(_stop.Token));
        var source = await UntilAsync(async () => await _fixture.Store.GetAsync(Source) as GitSource,
            s => s?.Status?.LastAppliedRevision is not null && s.Metadata.Finalizers?.Contains(GitSourcePlanner.Finalizer) == true, "the source applied, finalizer on");
        if (suspendAfterSync)
        {
            await _fixture.Store.UpdateAsync(source! with { Spec = source!.Spec with { Suspend = true } });
            source = await UntilAsync(async () => await _fixture.Store.GetAsync(Source) as GitSource, s => s?.Spec.Suspend == true, "suspended");
        }
        return source!;
    }

    private async Task<ModelVersion> VersionOfTheModelAsync()
    {
        var model = (await _fixture.Store.GetAsync(ObjectKey.For("Model", null, "churn")))!;
        return (ModelVersion)await _fixture.Store.CreateAsync(new ModelVersion
        {
            Metadata = new ObjectMeta { Name = "churn-v1", OwnerReferences = [new OwnerReference(model.ApiVersion, "Model", "churn", model.Metadata.Uid!)] },
        });
    }

    private Task<CustomResource?> GetAsync(string kind, string name) => _fixture.Store.GetAsync(ObjectKey.For(kind, null, name));

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        T last;
        do
        {
            last = await read();
            if (done(last)) return last;
            await Task.Delay(20);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"timed out waiting until {what}");
        return last;
    }

    [Fact]
    public async Task Deleting_a_pruning_source_deletes_what_it_applied_its_models_versions_by_cascade_and_its_clone_and_leaves_the_rest()
    {
        await SyncedAsync();
        await VersionOfTheModelAsync();
        await _fixture.Store.CreateAsync(StoreFixture.Dataset("applied-by-hand"));
        Assert.True(Directory.Exists(Path.Combine(SourceFolder, "repo.git")));

        await _fixture.Store.DeleteAsync(Source);

        await UntilAsync(() => _fixture.Store.GetAsync(Source), s => s is null, "the GitSource is gone");
        Assert.Null(await GetAsync("Dataset", "first"));
        Assert.Null(await GetAsync("Dataset", "second"));
        Assert.Null(await GetAsync("Model", "churn"));
        Assert.Null(await GetAsync("ModelVersion", "churn-v1"));
        Assert.NotNull(await GetAsync("Dataset", "applied-by-hand"));
        Assert.False(Directory.Exists(SourceFolder), $"{SourceFolder} should be removed");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(null, true)]
    public async Task Deleting_a_source_that_does_not_prune_or_is_suspended_leaves_its_objects_and_the_checkout_they_read_and_removes_the_clone(bool? prune, bool suspend)
    {
        var source = await SyncedAsync(prune, suspendAfterSync: suspend);
        await VersionOfTheModelAsync();
        var applied = source.Status!.Artifact!.Path!;

        await _fixture.Store.DeleteAsync(Source);

        await UntilAsync(() => _fixture.Store.GetAsync(Source), s => s is null, "the GitSource is gone");
        foreach (var (kind, name) in new[] { ("Dataset", "first"), ("Dataset", "second"), ("Model", "churn"), ("ModelVersion", "churn-v1") })
            Assert.NotNull(await GetAsync(kind, name));
        var dataset = (await GetAsync("Dataset", "first"))!;
        Assert.Equal(applied, dataset.Metadata.Annotations![Controllers.Metadata.GitOpsMlAnnotations.SourceRoot]);
        Assert.True(File.Exists(Path.Combine(applied, "data", "small.csv")), "the objects left behind still read their data");
        Assert.False(Directory.Exists(Path.Combine(SourceFolder, "repo.git")), "the clone is removed");
        Assert.Equal([Path.GetFileName(applied)], Directory.GetDirectories(Path.Combine(SourceFolder, "checkouts")).Select(Path.GetFileName));
    }
}
