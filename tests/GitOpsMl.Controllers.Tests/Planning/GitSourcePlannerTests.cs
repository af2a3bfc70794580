using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Metadata;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Sources;

namespace GitOpsMl.Controllers.Tests.Planning;

public sealed class GitSourcePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly string ShaA = new('a', 40);
    private static readonly string ShaB = new('b', 40);

    private static GitSource Source(GitSourceSpec? spec = null, GitSourceStatus? status = null) => new()
    {
        Metadata = new ObjectMeta { Name = "ml", Namespace = "team", Generation = 3 },
        Spec = spec ?? new GitSourceSpec { Url = "https://example.com/ml.git" },
        Status = status,
    };

    [Theory]
    [InlineData("main", "aaaa", "main@sha1:aaaa")]
    [InlineData("v1.2", "aaaa", "v1.2@sha1:aaaa")]
    [InlineData(null, "aaaa", "sha1:aaaa")]
    public void Revisions_are_written_as_flux_writes_them(string? refName, string commit, string expected) =>
        Assert.Equal(expected, new GitRevision(refName, commit).ToString());

    [Theory]
    [InlineData(null, 60)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("0s", 60)]
    public void The_interval_defaults_to_a_minute(string? interval, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), GitSourcePlanner.Interval(new GitSourceSpec { Interval = interval }));

    [Theory]
    [InlineData(null, "/c")]
    [InlineData(".", "/c")]
    [InlineData("manifests", "/c/manifests")]
    [InlineData("./a/../b", "/c/b")]
    [InlineData("..", null)]
    [InlineData("../other", null)]
    [InlineData("/etc", null)]
    public void Spec_path_stays_inside_the_checkout(string? path, string? expected) =>
        Assert.Equal(expected, GitSourcePlanner.ManifestFolder("/c", new GitSourceSpec { Path = path }));

    [Fact]
    public void Suspend_stalls_before_anything_is_fetched_and_names_what_stays_applied()
    {
        var result = GitSourcePlanner.Precheck(Source(new GitSourceSpec { Url = "u", Suspend = true }, new GitSourceStatus { LastAppliedRevision = "main@sha1:x" }))!;
        var stalled = Assert.IsType<ReconcileOutcome.Stalled>(result.Outcome);
        Assert.Equal(GitSourceReasons.Suspended, stalled.Reason);
        Assert.Contains("main@sha1:x stays applied", stalled.Message);
    }

    [Theory]
    [InlineData("ssh://git@example.com/acme/ml.git")]
    [InlineData("git@github.com:acme/ml.git")]
    public void A_secretRef_on_an_ssh_url_stalls_saying_ssh_is_unsupported_and_to_use_https(string url)
    {
        var result = GitSourcePlanner.Precheck(Source(new GitSourceSpec { Url = url, SecretRef = new LocalObjectReference { Name = "creds" } }))!;
        var stalled = Assert.IsType<ReconcileOutcome.Stalled>(result.Outcome);
        Assert.Equal(GitSourceReasons.SshUnsupported, stalled.Reason);
        Assert.Contains(url, stalled.Message);
        Assert.Contains("https", stalled.Message);
    }

    [Fact]
    public void A_secretRef_on_an_https_url_passes_the_precheck() =>
        Assert.Null(GitSourcePlanner.Precheck(Source(new GitSourceSpec { Url = "https://example.com/private.git", SecretRef = new LocalObjectReference { Name = "creds" } })));

    private static GitSource WithSecret() => Source(new GitSourceSpec { Url = "https://example.com/private.git", SecretRef = new LocalObjectReference { Name = "creds" } });

    private static Dictionary<string, byte[]> Secret(params (string Key, string Value)[] data) =>
        data.ToDictionary(d => d.Key, d => System.Text.Encoding.UTF8.GetBytes(d.Value));

    [Fact]
    public void Username_and_password_are_basic_authentication_without_the_trailing_line_break_of_a_file()
    {
        var credentials = GitSourcePlanner.Credentials(WithSecret(), Secret(("username", "bot\n"), ("password", "pw\r\n"), ("ca.crt", "x")), "somewhere");
        Assert.Equal(new GitCredentials.Basic("bot", "pw"), credentials);
        Assert.DoesNotContain("pw", credentials.ToString().Replace("bot", ""));
    }

    [Fact]
    public void A_bearerToken_is_a_bearer_token_and_prints_without_its_value()
    {
        var credentials = GitSourcePlanner.Credentials(WithSecret(), Secret(("bearerToken", "tok-123")), "somewhere");
        Assert.Equal(new GitCredentials.BearerToken("tok-123"), credentials);
        Assert.DoesNotContain("tok-123", credentials.ToString());
    }

    [Theory]
    [InlineData(null, "SecretNotFound", "team/creds (spec.secretRef) was not found in the vault;")]
    [InlineData("", "SecretInvalid", "holds no keys; expected keys username and password")]
    [InlineData("token=abc", "SecretInvalid", "holds keys token; expected keys username and password (basic authentication; a token as the password works) or bearerToken")]
    [InlineData("username=bot", "SecretInvalid", "password is missing or empty")]
    [InlineData("password=pw", "SecretInvalid", "username is missing or empty")]
    [InlineData("username=a:b,password=pw", "SecretInvalid", "username holds a colon")]
    [InlineData("bearerToken=abc,password=pw", "SecretInvalid", "holds both bearerToken and username/password")]
    [InlineData("bearerToken=a\rInjected: yes", "SecretInvalid", "bearerToken is empty or holds a line break")]
    [InlineData("identity=KEY,known_hosts=h", "SshUnsupported", "holds identity (an ssh key): ssh is not supported; use the https URL")]
    public void A_missing_or_unusable_Secret_is_a_retried_failure_naming_it_and_the_keys_and_never_a_value(string? data, string reason, string message)
    {
        var secret = data is null ? null : Secret(data.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(kv => (kv[..kv.IndexOf('=')], kv[(kv.IndexOf('=') + 1)..])).ToArray());

        var failure = Assert.Throws<GitOpsMl.Api.Failures.GitOpsMlFailure>(() => GitSourcePlanner.Credentials(WithSecret(), secret, "the vault"));

        Assert.Equal((GitOpsMl.Api.Failures.FailureKind.Transient, reason, "spec.secretRef"), (failure.Kind, failure.Reason, failure.Field));
        Assert.Contains(message, failure.Message);
        Assert.Contains("Secret team/creds", failure.Message);
        foreach (var value in new[] { "abc", "pw", "KEY", "Injected" }) Assert.DoesNotContain(value, failure.Message);
    }

    [Fact]
    public void A_plain_source_passes_the_precheck() => Assert.Null(GitSourcePlanner.Precheck(Source()));

    [Fact]
    public void An_invalid_revision_keeps_the_applied_one_quotes_three_errors_and_waits_for_the_interval()
    {
        var before = new GitSourceStatus { LastAppliedRevision = $"main@sha1:{ShaA}", Inventory = ["Dataset/team/a"], InventoryCount = 1 };
        var errors = new[] { "m/a.yaml:3:1: e1", "m/b.yaml:4:1: e2", "m/c.yaml:5:1: e3", "m/d.yaml:6:1: e4" };

        var result = GitSourcePlanner.Invalid(Source(status: before), new GitRevision("main", ShaB), errors, Now);

        var status = Assert.IsType<GitSourceStatus>(result.Status);
        Assert.Equal(($"main@sha1:{ShaA}", $"main@sha1:{ShaB}", $"main@sha1:{ShaB}"), (status.LastAppliedRevision, status.LastAttemptedRevision, status.LastFetchedRevision));
        Assert.Equal(["Dataset/team/a"], status.Inventory);
        var waiting = Assert.IsType<ReconcileOutcome.Waiting>(result.Outcome);
        Assert.Equal(GitSourceReasons.ValidationFailed, waiting.Reason);
        Assert.Equal(TimeSpan.FromMinutes(1), waiting.RequeueAfter);
        Assert.Contains("4 validation error(s)", waiting.Message);
        Assert.Contains("m/c.yaml:5:1: e3", waiting.Message);
        Assert.DoesNotContain("e4", waiting.Message);
        Assert.Contains("(and 1 more)", waiting.Message);
        Assert.Equal(ConditionStatus.False, ConditionList.Get(status.Conditions, ConditionTypes.Validated)!.Status);
    }

    [Fact]
    public void An_applied_revision_records_artifact_inventory_and_count_and_keeps_the_artifact_time_while_unchanged()
    {
        var objects = new[] { ObjectKey.For("Model", "team", "m"), ObjectKey.For("Dataset", "team", "d"), ObjectKey.For("Dataset", "team", "d") };
        var first = GitSourcePlanner.Applied(Source(), new GitRevision("main", ShaA), "/s/checkouts/a", objects, Now);

        var status = Assert.IsType<GitSourceStatus>(first.Status);
        Assert.Equal(["Dataset/team/d", "Model/team/m"], status.Inventory);
        Assert.Equal(2, status.InventoryCount);
        Assert.Equal(new GitArtifact { Revision = $"main@sha1:{ShaA}", Path = "/s/checkouts/a", LastUpdateTime = Now }, status.Artifact);
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.IsType<ReconcileOutcome.Succeeded>(first.Outcome).RequeueAfter);

        var again = GitSourcePlanner.Applied(Source(status: status), new GitRevision("main", ShaA), "/s/checkouts/a", objects, Now.AddMinutes(1));
        Assert.Equal(Now, ((GitSourceStatus)again.Status).Artifact!.LastUpdateTime);
    }

    [Theory]
    [InlineData(null, new[] { "bbbb" })]
    [InlineData("main@sha1:aaaa", new[] { "bbbb", "aaaa" })]
    [InlineData("sha1:bbbb", new[] { "bbbb" })]
    [InlineData("garbage", new[] { "bbbb" })]
    public void The_attempted_and_the_last_applied_checkouts_are_kept(string? lastApplied, string[] keep) =>
        Assert.Equal(keep, GitSourcePlanner.CheckoutsToKeep(new GitRevision("main", "bbbb"), lastApplied));

    [Fact]
    public void A_source_prunes_only_what_carries_its_labels_and_never_itself()
    {
        var source = Source();
        CustomResource Labelled(string kind, string name, Dictionary<string, string>? labels) =>
            new Dataset { Kind = kind, Metadata = new ObjectMeta { Name = name, Namespace = "team", Labels = labels } };
        var mine = new Dictionary<string, string>(GitSourcePlanner.OwnerLabels(source));
        var otherNamespace = new Dictionary<string, string>(mine) { [GitOpsMlLabels.GitSourceNamespace] = "elsewhere" };

        Assert.True(GitSourcePlanner.AppliedBy(source, Labelled("Dataset", "d", mine)));
        Assert.False(GitSourcePlanner.AppliedBy(source, Labelled("Dataset", "d", null)));
        Assert.False(GitSourcePlanner.AppliedBy(source, Labelled("Dataset", "d", otherNamespace)));
        Assert.False(GitSourcePlanner.AppliedBy(source, Labelled("GitSource", "ml", mine)));
    }

    [Theory]
    [InlineData("main@sha1:aaaa", new[] { "unchanged", "unchanged" }, null)]
    [InlineData(null, new[] { "created", "created", "unchanged" }, "applied revision main@sha1:aaaa: 2 created")]
    [InlineData("main@sha1:aaaa", new[] { "configured", "pruned" }, "applied revision main@sha1:aaaa: 1 configured, 1 pruned")]
    [InlineData("main@sha1:0000", new[] { "unchanged" }, "applied revision main@sha1:aaaa: no object changed")]
    public void An_event_is_recorded_only_when_something_changed(string? previous, string[] actions, string? expected) =>
        Assert.Equal(expected, GitSourcePlanner.AppliedEvent(new GitRevision("main", "aaaa"), previous, actions));

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(true, null, true)]
    [InlineData(false, null, false)]
    [InlineData(true, true, false)]
    public void Deletion_prunes_as_flux_does_when_prune_is_on_and_the_source_is_not_suspended(bool? prune, bool? suspend, bool prunes) =>
        Assert.Equal(prunes, GitSourcePlanner.PrunesOnDeletion(new GitSourceSpec { Url = "u", Prune = prune, Suspend = suspend }));

    [Theory]
    [InlineData(null, "main@sha1:aaaa", new string[0])]
    [InlineData(false, "main@sha1:aaaa", new[] { "aaaa" })]
    [InlineData(false, null, new string[0])]
    public void A_deleted_source_that_leaves_its_objects_keeps_the_checkout_they_read_and_no_other(bool? prune, string? lastApplied, string[] kept) =>
        Assert.Equal(kept, GitSourcePlanner.CheckoutsKeptOnDeletion(Source(new GitSourceSpec { Url = "u", Prune = prune }, new GitSourceStatus { LastAppliedRevision = lastApplied })));

    [Theory]
    [InlineData(null, null, "deleted: 3 object(s) it applied were deleted, and its clone and checkouts removed")]
    [InlineData(false, null, "deleted: spec.prune is false, so what it applied stays; its clone was removed; checkout aaaa stays, as their data paths resolve against it")]
    [InlineData(null, true, "deleted: spec.suspend is true, so what it applied stays; its clone was removed; checkout aaaa stays, as their data paths resolve against it")]
    public void The_deletion_event_says_what_went_and_what_stayed(bool? prune, bool? suspend, string expected)
    {
        var source = Source(new GitSourceSpec { Url = "u", Prune = prune, Suspend = suspend }, new GitSourceStatus { LastAppliedRevision = "main@sha1:aaaa" });
        Assert.Equal(expected, GitSourcePlanner.DeletedEvent(source, 3, GitSourcePlanner.CheckoutsKeptOnDeletion(source)));
    }
}
