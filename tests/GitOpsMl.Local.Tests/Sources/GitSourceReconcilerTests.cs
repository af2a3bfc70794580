using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Metadata;
using GitOpsMl.Controllers.Reconcilers;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Sources;
using GitOpsMl.Local.Sources;
using GitOpsMl.Local.Tests.Store;

namespace GitOpsMl.Local.Tests.Sources;

/// <summary>
/// The GitSource reconciler on the SQLite store against real git repositories: sync, update, prune, the
/// all-or-nothing refusal of an invalid commit (lastAppliedRevision kept), refs, suspend, clone failures and a Secret that is not there.
/// </summary>
public sealed class GitSourceReconcilerTests : IDisposable
{
    private readonly StoreFixture _fixture = new();
    private readonly TempGitRepository _repo = new();
    private readonly LibGit2Checkout _git;

    public GitSourceReconcilerTests()
    {
        _git = new LibGit2Checkout(Path.Combine(_fixture.Directory, "state"));
        _repo.Write("data/small.csv", Manifests.Data)
            .Write("manifests/first.yaml", Manifests.Dataset("first"))
            .Write("manifests/second.yaml", Manifests.Dataset("second"));
    }

    // Built on each use: a test may reopen the store as a restarted process would.
    private StoreEventRecorder Events => new(_fixture.Store, _fixture.Time);

    private static readonly ObjectKey Source = ObjectKey.For("GitSource", null, "ml");

    private Task CreateSourceAsync(GitSourceSpec? spec = null) =>
        _fixture.Store.CreateAsync(new GitSource { Metadata = new ObjectMeta { Name = "ml" }, Spec = spec ?? new GitSourceSpec { Url = _repo.FileUrl, Path = "manifests" } });

    private async Task ChangeSpecAsync(Func<GitSourceSpec, GitSourceSpec> change)
    {
        var current = (GitSource)(await _fixture.Store.GetAsync(Source))!;
        await _fixture.Store.UpdateAsync(current with { Spec = change(current.Spec) });
    }

    /// <summary>One pass as the controller makes it: reconcile (or throw), map the outcome, write the status.</summary>
    private async Task<(ReconcileDecision Decision, GitSource Source)> SyncAsync()
    {
        var current = (GitSource)(await _fixture.Store.GetAsync(Source))!;
        ReconcileDecision decision;
        try
        {
            var result = await new GitSourceReconciler(_fixture.Store, _git, new FolderSecretReader(null), Events, _fixture.Time).ReconcileAsync(current, CancellationToken.None);
            decision = ReconcileResultMapper.Map(current, current.GetStatus(), result, _fixture.Time.GetUtcNow(), TimeSpan.FromSeconds(5));
        }
        catch (Exception e)
        {
            decision = ReconcileResultMapper.MapError(current, current.GetOrNewStatus(), e, _fixture.Time.GetUtcNow());
        }
        await new StatusWriter(_fixture.Store, Events).WriteAsync(current, decision.Status);
        return (decision, (GitSource)(await _fixture.Store.GetAsync(Source))!);
    }

    private async Task<Dataset?> DatasetAsync(string name) => (Dataset?)await _fixture.Store.GetAsync(ObjectKey.For("Dataset", null, name));

    private static string Ready(GitSource s) => ConditionList.Get(s.Status?.Conditions, ConditionTypes.Ready) is { } c ? $"{c.Status}/{c.Reason}" : "none";

    private static string ReadyMessage(GitSource s) => ConditionList.Get(s.Status?.Conditions, ConditionTypes.Ready)!.Message;

    [Fact]
    public async Task The_first_sync_applies_every_manifest_stamped_with_its_commit_labelled_with_the_source_and_rooted_in_the_checkout()
    {
        var sha = _repo.Commit("two datasets");
        await CreateSourceAsync();

        var (decision, source) = await SyncAsync();

        Assert.Equal("True/Succeeded", Ready(source));
        Assert.Equal(TimeSpan.FromMinutes(1), decision.RequeueAfter);
        var revision = $"{_repo.Branch}@sha1:{sha}";
        Assert.Equal(revision, source.Status!.LastAppliedRevision);
        Assert.Equal(revision, source.Status.LastAttemptedRevision);
        Assert.Equal(revision, source.Status.Artifact!.Revision);
        Assert.EndsWith($"/sources/default/ml/checkouts/{sha}", source.Status.Artifact.Path);
        Assert.Equal(["Dataset/default/first", "Dataset/default/second"], source.Status.Inventory);
        Assert.Equal(2, source.Status.InventoryCount);
        foreach (var name in new[] { "first", "second" })
        {
            var dataset = (await DatasetAsync(name))!;
            Assert.Equal(sha, dataset.Metadata.Annotations![GitOpsMlAnnotations.Commit]);
            Assert.Equal(source.Status.Artifact.Path, dataset.Metadata.Annotations[GitOpsMlAnnotations.SourceRoot]);
            Assert.Equal("ml", dataset.Metadata.Labels![GitOpsMlLabels.GitSourceName]);
            Assert.True(File.Exists(Path.Combine(source.Status.Artifact.Path, "data/small.csv")));
        }
        var applied = Assert.Single(await _fixture.Store.ListEventsAsync(Source), e => e.Reason == GitSourceReasons.Applied);
        Assert.Contains("2 created", applied.Message);
    }

    [Fact]
    public async Task A_new_commit_updates_the_changed_spec_and_prunes_the_removed_manifest_and_checkouts_older_than_the_last_two()
    {
        var first = _repo.Commit("two datasets");
        await CreateSourceAsync();
        await SyncAsync();

        var second = _repo.Write("manifests/first.yaml", Manifests.Dataset("first", maxX: 99)).Remove("manifests/second.yaml").Commit("widen x, drop second");
        var (_, source) = await SyncAsync();

        Assert.Equal("True/Succeeded", Ready(source));
        Assert.Equal($"{_repo.Branch}@sha1:{second}", source.Status!.LastAppliedRevision);
        var updated = (await DatasetAsync("first"))!;
        Assert.Equal(99, updated.Spec.Schema[1].Max);
        Assert.Equal(second, updated.Metadata.Annotations![GitOpsMlAnnotations.Commit]);
        Assert.Null(await DatasetAsync("second"));
        Assert.Equal(["Dataset/default/first"], source.Status.Inventory);
        var checkouts = Path.GetDirectoryName(source.Status.Artifact!.Path)!;
        // The previous revision's checkout outlives it by one revision: a run started from it may still be reading.
        Assert.Equal(new[] { first, second }.Order(), Directory.GetDirectories(checkouts).Select(Path.GetFileName).Order());

        var third = _repo.Write("manifests/first.yaml", Manifests.Dataset("first", maxX: 98)).Commit("narrow x");
        await SyncAsync();
        Assert.Equal(new[] { second, third }.Order(), Directory.GetDirectories(checkouts).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Prune_false_keeps_objects_that_left_the_repository_and_prune_never_touches_objects_from_elsewhere()
    {
        _repo.Commit("two datasets");
        await CreateSourceAsync(new GitSourceSpec { Url = _repo.FileUrl, Path = "manifests", Prune = false });
        await SyncAsync();
        await _fixture.Store.CreateAsync(StoreFixture.Dataset("applied-by-hand"));

        _repo.Remove("manifests/second.yaml").Commit("drop second");
        await SyncAsync();
        Assert.NotNull(await DatasetAsync("second"));

        await ChangeSpecAsync(s => s with { Prune = true });
        var (_, source) = await SyncAsync();
        Assert.Equal("True/Succeeded", Ready(source));
        Assert.Null(await DatasetAsync("second"));
        Assert.NotNull(await DatasetAsync("applied-by-hand"));
    }

    [Fact]
    public async Task An_invalid_commit_applies_nothing_keeps_lastAppliedRevision_and_names_the_error_then_a_fixing_commit_applies()
    {
        var good = _repo.Commit("two datasets");
        await CreateSourceAsync();
        await SyncAsync();

        var bad = _repo.Write("manifests/first.yaml", Manifests.Dataset("first", maxX: 50))
            .Write("manifests/third.yaml", Manifests.Dataset("third", xType: "flot")).Commit("widen x, add a broken third");
        var (decision, source) = await SyncAsync();

        Assert.Equal($"False/{GitSourceReasons.ValidationFailed}", Ready(source));
        Assert.Equal(TimeSpan.FromMinutes(1), decision.RequeueAfter);
        Assert.Equal($"{_repo.Branch}@sha1:{good}", source.Status!.LastAppliedRevision);
        Assert.Equal($"{_repo.Branch}@sha1:{bad}", source.Status.LastAttemptedRevision);
        Assert.Contains("manifests/third.yaml:11", ReadyMessage(source));
        Assert.Contains("Dataset/third", ReadyMessage(source));
        Assert.Contains("spec.schema[1].type", ReadyMessage(source));
        Assert.Null(await DatasetAsync("third"));
        Assert.Equal(10, (await DatasetAsync("first"))!.Spec.Schema[1].Max);
        Assert.Equal(good, (await DatasetAsync("first"))!.Metadata.Annotations![GitOpsMlAnnotations.Commit]);
        // The last applied checkout stays: the applied objects' data paths resolve against it.
        Assert.True(Directory.Exists(source.Status.Artifact!.Path));
        Assert.Contains(await _fixture.Store.ListEventsAsync(Source), e => e.Reason == GitSourceReasons.ValidationFailed && e.Message.Contains(bad));

        var (_, again) = await SyncAsync();
        Assert.Single(await _fixture.Store.ListEventsAsync(Source), e => e.Reason == GitSourceReasons.ValidationFailed);
        Assert.Equal($"False/{GitSourceReasons.ValidationFailed}", Ready(again));

        var fixedSha = _repo.Write("manifests/third.yaml", Manifests.Dataset("third")).Commit("fix third");
        var (_, fixedSource) = await SyncAsync();
        Assert.Equal("True/Succeeded", Ready(fixedSource));
        Assert.Equal($"{_repo.Branch}@sha1:{fixedSha}", fixedSource.Status!.LastAppliedRevision);
        Assert.Equal(50, (await DatasetAsync("first"))!.Spec.Schema[1].Max);
        Assert.NotNull(await DatasetAsync("third"));
    }

    [Fact]
    public async Task A_tag_ref_applies_the_tagged_commit_and_not_the_newer_tip()
    {
        var tagged = _repo.Commit("release");
        _repo.Tag("v1.0");
        _repo.Write("manifests/first.yaml", Manifests.Dataset("first", maxX: 77)).Commit("after the release");
        await CreateSourceAsync(new GitSourceSpec { Url = _repo.FileUrl, Path = "manifests", Ref = new GitRef { Tag = "v1.0" } });

        var (_, source) = await SyncAsync();

        Assert.Equal($"v1.0@sha1:{tagged}", source.Status!.LastAppliedRevision);
        Assert.Equal(10, (await DatasetAsync("first"))!.Spec.Schema[1].Max);
    }

    [Fact]
    public async Task A_pinned_commit_applies_that_commit_and_a_missing_ref_is_a_named_retried_failure()
    {
        var pinned = _repo.Commit("first");
        _repo.Write("manifests/first.yaml", Manifests.Dataset("first", maxX: 77)).Commit("second");
        await CreateSourceAsync(new GitSourceSpec { Url = _repo.FileUrl, Path = "manifests", Ref = new GitRef { Commit = pinned } });

        var (_, source) = await SyncAsync();
        Assert.Equal($"sha1:{pinned}", source.Status!.LastAppliedRevision);
        Assert.Equal(10, (await DatasetAsync("first"))!.Spec.Schema[1].Max);

        await ChangeSpecAsync(s => s with { Ref = new GitRef { Branch = "no-such-branch" } });
        var (decision, missing) = await SyncAsync();
        Assert.Equal($"False/{GitSourceReasons.RefNotFound}", Ready(missing));
        Assert.Contains("no-such-branch", ReadyMessage(missing));
        Assert.True(decision.Backoff);
        Assert.Equal($"sha1:{pinned}", missing.Status!.LastAppliedRevision);
    }

    [Fact]
    public async Task A_suspended_source_fetches_and_applies_nothing_and_says_so()
    {
        _repo.Commit("two datasets");
        await CreateSourceAsync(new GitSourceSpec { Url = _repo.FileUrl, Path = "manifests", Suspend = true });

        var (decision, source) = await SyncAsync();

        Assert.Equal($"False/{GitSourceReasons.Suspended}", Ready(source));
        Assert.Contains("spec.suspend is true", ReadyMessage(source));
        Assert.Null(decision.RequeueAfter);
        Assert.Null(await DatasetAsync("first"));
        Assert.False(Directory.Exists(Path.Combine(_fixture.Directory, "state", "sources")));

        await ChangeSpecAsync(s => s with { Suspend = false });
        var (_, resumed) = await SyncAsync();
        Assert.Equal("True/Succeeded", Ready(resumed));
    }

    [Fact]
    public async Task A_repository_that_cannot_be_cloned_is_a_named_failure_retried_with_backoff()
    {
        await CreateSourceAsync(new GitSourceSpec { Url = "file:///nonexistent/gitopsml/repo", Path = "manifests" });

        var (decision, source) = await SyncAsync();

        Assert.Equal($"False/{GitSourceReasons.CloneFailed}", Ready(source));
        Assert.Contains("file:///nonexistent/gitopsml/repo", ReadyMessage(source));
        Assert.True(decision.Backoff);
        Assert.Null(source.Status!.LastAppliedRevision);
    }

    [Fact]
    public async Task A_secretRef_without_a_secrets_folder_is_SecretNotFound_saying_where_secrets_are_read_and_fetches_nothing()
    {
        _repo.Commit("two datasets");
        await CreateSourceAsync(new GitSourceSpec { Url = _repo.FileUrl, SecretRef = new LocalObjectReference { Name = "git-creds" } });

        var (decision, source) = await SyncAsync();

        Assert.Equal($"False/{GitSourceReasons.SecretNotFound}", Ready(source));
        Assert.Contains("default/git-creds", ReadyMessage(source));
        Assert.Contains("--secrets-dir", ReadyMessage(source));
        Assert.True(decision.Backoff);
        Assert.Null(await DatasetAsync("first"));
        Assert.Null(source.Status!.LastFetchedRevision);
    }

    [Fact]
    public async Task A_restart_reuses_the_checkout_named_by_the_commit_and_a_plain_local_path_works_as_a_url()
    {
        var sha = _repo.Commit("two datasets");
        await CreateSourceAsync(new GitSourceSpec { Url = _repo.Root, Path = "manifests" });
        var (_, source) = await SyncAsync();
        var marker = Path.Combine(source.Status!.Artifact!.Path, "written-once");
        File.WriteAllText(marker, "");

        _fixture.Reopen();
        var (_, again) = await SyncAsync();

        Assert.Equal("True/Succeeded", Ready(again));
        Assert.Equal(source.Status.Artifact.Path, again.Status!.Artifact!.Path);
        Assert.True(File.Exists(marker));
        Assert.Equal(sha, (await DatasetAsync("first"))!.Metadata.Annotations![GitOpsMlAnnotations.Commit]);
    }

    public void Dispose()
    {
        _repo.Dispose();
        _fixture.Dispose();
    }
}
