using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Reconcilers;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Sources;
using GitOpsMl.Local.Sources;
using GitOpsMl.Local.Tests.Store;
using Prometheus;

namespace GitOpsMl.Local.Tests.Sources;

/// <summary>
/// A GitSource with spec.secretRef against a real authenticated git server (git-http-backend behind Kestrel,
/// refusing anonymous reads), with Secrets from a --secrets-dir folder: the right credentials sync, wrong
/// ones are AuthenticationFailed without the password anywhere a user or a log can see, a missing Secret is
/// SecretNotFound, and a fixed Secret is used by the next attempt.
/// </summary>
public sealed class GitSourceAuthenticationTests : IAsyncLifetime
{
    private const string User = "ml-bot";
    private const string Password = "pw-7f1c9e4b2a";
    private const string Token = "tok-9d2e6a1b5c";
    private const string WrongPassword = "wrong-pw-3b8d0c6e";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly ObjectKey Source = ObjectKey.For("GitSource", null, "ml");

    private readonly StoreFixture _fixture = new();
    private readonly string _served = Directory.CreateTempSubdirectory("gitopsml-served-").FullName;
    private readonly string _secrets = Directory.CreateTempSubdirectory("gitopsml-secrets-").FullName;
    private readonly TempGitRepository _repo;
    private readonly LibGit2Checkout _git;
    private readonly List<string> _log = [];
    private readonly CancellationTokenSource _stop = new();
    private AuthenticatedGitServer? _server;
    private ControllerManager? _manager;

    public GitSourceAuthenticationTests()
    {
        _repo = new TempGitRepository(Path.Combine(_served, "ml"));
        _repo.Write("data/small.csv", Manifests.Data)
            .Write("manifests/first.yaml", Manifests.Dataset("first"))
            .Write("manifests/second.yaml", Manifests.Dataset("second"));
        _git = new LibGit2Checkout(Path.Combine(_fixture.Directory, "state"));
    }

    public async Task InitializeAsync()
    {
        if (AuthenticatedGitServer.MissingReason is null) _server = await AuthenticatedGitServer.StartAsync(_served, User, Password, Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _manager?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        _stop.Dispose();
        _repo.Dispose();
        _fixture.Dispose();
        foreach (var dir in new[] { _served, _secrets })
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private AuthenticatedGitServer Server => _server!;
    private string Url => Server.UrlOf("ml");
    private StoreEventRecorder Events => new(_fixture.Store, _fixture.Time);
    private GitSourceReconciler Reconciler(IEventRecorder events) => new(_fixture.Store, _git, new FolderSecretReader(_secrets), events, TimeProvider.System);

    /// <summary>A Secret as `gitopsml up --secrets-dir` reads it: one file per key in &lt;dir&gt;/default/&lt;name&gt;/, replacing what was there.</summary>
    private void WriteSecret(string name, params (string Key, string Value)[] data)
    {
        var folder = Path.Combine(_secrets, "default", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        foreach (var (key, value) in data) File.WriteAllText(Path.Combine(folder, key), value + "\n");
    }

    private Task CreateSourceAsync(string? secret = "git-creds") => _fixture.Store.CreateAsync(new GitSource
    {
        Metadata = new ObjectMeta { Name = "ml" },
        Spec = new GitSourceSpec { Url = Url, Path = "manifests", SecretRef = secret is null ? null : new LocalObjectReference { Name = secret } },
    });

    /// <summary>One pass as the controller makes it; a thrown failure is logged whole (inner exceptions too), more than the controller logs.</summary>
    private async Task<(ReconcileDecision Decision, GitSource Source)> SyncAsync()
    {
        var current = (GitSource)(await _fixture.Store.GetAsync(Source))!;
        ReconcileDecision decision;
        try
        {
            var result = await Reconciler(Events).ReconcileAsync(current, CancellationToken.None);
            decision = ReconcileResultMapper.Map(current, current.GetStatus(), result, _fixture.Time.GetUtcNow(), TimeSpan.FromSeconds(5));
        }
        catch (Exception e)
        {
            lock (_log) _log.Add(e.ToString());
            decision = ReconcileResultMapper.MapError(current, current.GetOrNewStatus(), e, _fixture.Time.GetUtcNow());
        }
        await new StatusWriter(_fixture.Store, Events).WriteAsync(current, decision.Status);
        return (decision, (GitSource)(await _fixture.Store.GetAsync(Source))!);
    }

    private async Task<GitSource> UntilAsync(Func<GitSource, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        GitSource last;
        do
        {
            last = (GitSource)(await _fixture.Store.GetAsync(Source))!;
            if (done(last)) return last;
            await Task.Delay(20);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"timed out waiting until {what}; Ready is {Ready(last)}: {ReadyMessage(last)}");
        return last;
    }

    private static string Ready(GitSource s) => ConditionList.Get(s.Status?.Conditions, ConditionTypes.Ready) is { } c ? $"{c.Status}/{c.Reason}" : "none";

    private static string ReadyMessage(GitSource s) => ConditionList.Get(s.Status?.Conditions, ConditionTypes.Ready)?.Message ?? "";

    private async Task<Dataset?> DatasetAsync(string name) => (Dataset?)await _fixture.Store.GetAsync(ObjectKey.For("Dataset", null, name));

    /// <summary>Everything a user or an operator's log can see of the source: the stored object, its events, the log lines.</summary>
    private async Task<string> EverythingVisibleAsync()
    {
        var stored = JsonSerializer.Serialize((GitSource)(await _fixture.Store.GetAsync(Source))!, ApiJson.Options);
        var events = string.Join("\n", (await _fixture.Store.ListEventsAsync(Source)).Select(e => $"{e.Reason} {e.Message}"));
        lock (_log) return string.Join("\n", [stored, events, .. _log]);
    }

    [GitHttpBackendFact]
    public async Task The_right_username_and_password_clone_and_fetch_a_repository_the_server_refuses_to_anonymous_readers()
    {
        var first = _repo.Commit("two datasets");
        WriteSecret("git-creds", ("username", User), ("password", Password));
        await CreateSourceAsync();

        var (decision, source) = await SyncAsync();

        Assert.Equal("True/Succeeded", Ready(source));
        Assert.Equal($"{_repo.Branch}@sha1:{first}", source.Status!.LastAppliedRevision);
        Assert.NotNull(await DatasetAsync("first"));
        Assert.NotNull(await DatasetAsync("second"));
        Assert.Equal(TimeSpan.FromMinutes(1), decision.RequeueAfter);
        Assert.True(Server.Served > 0 && Server.Refused > 0, $"served {Server.Served}, refused {Server.Refused}: libgit2 asks anonymously first, then with the Secret");

        // The second sync fetches into the existing clone, with the credentials again (none are stored in it).
        var second = _repo.Remove("manifests/second.yaml").Commit("drop second");
        (_, source) = await SyncAsync();
        Assert.Equal($"{_repo.Branch}@sha1:{second}", source.Status!.LastAppliedRevision);
        Assert.Null(await DatasetAsync("second"));
        var config = await File.ReadAllTextAsync(Path.Combine(_git.FolderOf(source), "repo.git", "config"));
        Assert.DoesNotContain(Password, config);
    }

    [GitHttpBackendFact]
    public async Task A_bearerToken_is_sent_as_an_authorization_header_and_syncs()
    {
        var sha = _repo.Commit("two datasets");
        WriteSecret("git-creds", ("bearerToken", Token));
        await CreateSourceAsync();

        var (_, source) = await SyncAsync();

        Assert.Equal("True/Succeeded", Ready(source));
        Assert.Equal($"{_repo.Branch}@sha1:{sha}", source.Status!.LastAppliedRevision);
        Assert.Equal(0, Server.Refused); // the header goes with the first request: no anonymous round trip
    }

    [GitHttpBackendFact]
    public async Task A_refused_bearerToken_or_password_is_AuthenticationFailed_after_one_try_per_sync_not_libgit2s_replays()
    {
        _repo.Commit("two datasets");
        WriteSecret("git-creds", ("bearerToken", "not-the-token"));
        await CreateSourceAsync();

        var (decision, source) = await SyncAsync();

        Assert.Equal($"False/{GitSourceReasons.AuthenticationFailed}", Ready(source));
        Assert.Contains("refused the bearerToken", ReadyMessage(source));
        Assert.True(decision.Backoff);
        Assert.Equal(1, Server.Refused);
        Assert.DoesNotContain("not-the-token", await EverythingVisibleAsync());

        WriteSecret("git-creds", ("username", User), ("password", WrongPassword));
        (_, source) = await SyncAsync();

        Assert.Equal($"False/{GitSourceReasons.AuthenticationFailed}", Ready(source));
        Assert.Equal(1 + 2, Server.Refused); // anonymous, then the password once
        Assert.DoesNotContain(WrongPassword, await EverythingVisibleAsync());
    }

    [GitHttpBackendFact]
    public async Task Without_a_secretRef_a_server_that_asks_for_credentials_is_AuthenticationFailed_naming_secretRef()
    {
        _repo.Commit("two datasets");
        await CreateSourceAsync(secret: null);

        var (decision, source) = await SyncAsync();

        Assert.Equal($"False/{GitSourceReasons.AuthenticationFailed}", Ready(source));
        Assert.Contains("spec.secretRef", ReadyMessage(source));
        Assert.Contains(Url, ReadyMessage(source));
        Assert.True(decision.Backoff);
    }

    [GitHttpBackendFact]
    public async Task A_wrong_password_is_AuthenticationFailed_retried_with_backoff_applies_nothing_and_shows_the_password_nowhere_then_the_fixed_Secret_syncs()
    {
        var sha = _repo.Commit("two datasets");
        WriteSecret("git-creds", ("username", User), ("password", WrongPassword));
        var manager = _manager = new ControllerManager(_fixture.Store, TimeProvider.System, Metrics.NewCustomRegistry(), line => { lock (_log) _log.Add(line); });
        manager.Register(Reconciler(manager.Events));
        await CreateSourceAsync();
        _ = Task.Run(() => manager.RunAsync(_stop.Token));

        var refused = await UntilAsync(s => Ready(s) == $"False/{GitSourceReasons.AuthenticationFailed}", "the credentials are refused");
        Assert.Contains($"\"{User}\"", ReadyMessage(refused));
        Assert.Contains(Url, ReadyMessage(refused));
        Assert.Null(refused.Status!.LastAppliedRevision);
        Assert.Null(await DatasetAsync("first"));
        // Retried, not given up on: the controller's backoff tries again (each try is one refused request, not libgit2's 15 replays).
        await UntilAsync(_ => Server.Refused >= 4, "a retry after the backoff");
        var visible = await EverythingVisibleAsync();
        Assert.Contains("reconcile failed", visible);
        Assert.DoesNotContain(WrongPassword, visible);

        WriteSecret("git-creds", ("username", User), ("password", Password));

        var synced = await UntilAsync(s => s.Status?.LastAppliedRevision is not null, "the fixed Secret is used");
        Assert.Equal("True/Succeeded", Ready(synced));
        Assert.Equal($"{_repo.Branch}@sha1:{sha}", synced.Status!.LastAppliedRevision);
        Assert.NotNull(await DatasetAsync("first"));
        visible = await EverythingVisibleAsync();
        Assert.DoesNotContain(WrongPassword, visible);
        Assert.DoesNotContain(Password, visible);
    }

    [GitHttpBackendFact]
    public async Task A_missing_Secret_is_SecretNotFound_naming_it_its_folder_and_the_keys_then_the_created_Secret_syncs_on_the_next_attempt()
    {
        var sha = _repo.Commit("two datasets");
        await CreateSourceAsync();

        var (decision, source) = await SyncAsync();

        Assert.Equal($"False/{GitSourceReasons.SecretNotFound}", Ready(source));
        Assert.Contains("default/git-creds", ReadyMessage(source));
        Assert.Contains(Path.Combine(_secrets, "default", "git-creds"), ReadyMessage(source));
        Assert.Contains("username and password", ReadyMessage(source));
        Assert.Contains("bearerToken", ReadyMessage(source));
        Assert.True(decision.Backoff);
        Assert.Equal(0, Server.Served + Server.Refused); // nothing was fetched without the Secret

        WriteSecret("git-creds", ("username", User), ("password", Password));
        (_, source) = await SyncAsync();

        Assert.Equal("True/Succeeded", Ready(source));
        Assert.Equal($"{_repo.Branch}@sha1:{sha}", source.Status!.LastAppliedRevision);
    }

    [GitHttpBackendFact]
    public async Task A_Secret_with_only_an_ssh_identity_says_ssh_is_unsupported_and_a_Secret_missing_the_password_names_the_key()
    {
        _repo.Commit("two datasets");
        WriteSecret("git-creds", ("identity", "-----BEGIN OPENSSH PRIVATE KEY-----"), ("known_hosts", "example.com ssh-ed25519 AAAA"));
        await CreateSourceAsync();

        var (_, source) = await SyncAsync();
        Assert.Equal($"False/{GitSourceReasons.SshUnsupported}", Ready(source));
        Assert.Contains("ssh is not supported", ReadyMessage(source));
        Assert.DoesNotContain("BEGIN OPENSSH", await EverythingVisibleAsync());

        WriteSecret("git-creds", ("username", User));
        (_, source) = await SyncAsync();
        Assert.Equal($"False/{GitSourceReasons.SecretInvalid}", Ready(source));
        Assert.Contains("password is missing", ReadyMessage(source));
        Assert.Equal(0, Server.Served + Server.Refused);
    }
}
