using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

[Kind("GitSource", "gitsources", "gs")]
[Description("A git repository the control plane syncs manifests from (Flux's GitRepository and Kustomization in one): fetched every interval, validated as a whole, applied all or nothing with each object stamped with its commit, and what left the repository pruned.")]
[PrinterColumn("URL", "string", ".spec.url", Order = 1)]
[PrinterColumn("Revision", "string", ".status.lastAppliedRevision", Order = 2)]
[PrinterColumn("Suspended", "boolean", ".spec.suspend", Order = 3)]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Order = 4)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 5)]
public sealed record GitSource : CustomResource<GitSourceSpec, GitSourceStatus>
{
    public override string Kind { get; init; } = "GitSource";
}

public sealed record GitSourceStatus : ResourceStatus
{
    // Value equality (lists and dictionaries by content): a status diff decides whether to write.
    public bool Equals(GitSourceStatus? other) => StatusEquality.Same(this, other);

    public override int GetHashCode() => StatusEquality.HashOf(this);

    [Description("The revision last fetched from ref, as Flux writes it: main@sha1:<sha> for a branch, v1.2@sha1:<sha> for a tag, sha1:<sha> for a pinned commit.")]
    public string? LastFetchedRevision { get; init; }
    [Description("The revision whose manifests were last applied in full; its objects carry the commit in their gitopsml.io/commit annotation. A revision that fails validation leaves it unchanged.")]
    public string? LastAppliedRevision { get; init; }
    [Description("The revision last read and validated, applied or not: differs from lastAppliedRevision while the newest commit is refused.")]
    public string? LastAttemptedRevision { get; init; }
    [Description("The checkout of lastAppliedRevision the applied objects' data paths resolve against.")]
    public GitArtifact? Artifact { get; init; }
    [Description("kind/namespace/name of every object applied from the last revision; prune deletes what left it.")]
    public List<string>? Inventory { get; init; }
    [Description("How many objects the last applied revision holds (the length of inventory).")]
    public int? InventoryCount { get; init; }
}

public sealed record GitArtifact
{
    [Description("The revision checked out, e.g. main@sha1:<sha>.")]
    public string Revision { get; init; } = "";
    [Description("The folder holding the checkout, named by the commit (the control plane's state directory, sources/<namespace>/<name>/checkouts/<sha>).")]
    public string Path { get; init; } = "";
    [Description("When this revision was first applied.")]
    public DateTimeOffset? LastUpdateTime { get; init; }
}

public sealed record GitSourceSpec
{
    [Required, Pattern("^(https?|ssh|file)://.+|^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:.+|^/.+", "a git URL (https://, ssh://, file://, user@host:path or an absolute local path)")]
    [Description("The repository to clone, e.g. https://github.com/acme/ml-manifests, file:///srv/git/ml-manifests or /srv/git/ml-manifests; a private https repository authenticates with secretRef (ssh URLs are not supported with credentials).")]
    public string Url { get; init; } = "";
    [Description("What to check out: one of branch, tag or commit; omitted, the repository's default branch.")]
    public GitRef? Ref { get; init; }
    [Default("."), MaxLength(4096), Description("Folder inside the repository holding the manifests.")]
    public string? Path { get; init; }
    [Default("1m"), Pattern(Patterns.Duration, Patterns.DurationExpected), Description("How often the repository is fetched and its manifests applied.")]
    public string? Interval { get; init; }
    [Description("Secret in the same namespace with https credentials, Flux's keys: username and password (HTTP basic authentication; a token as the password works for GitHub, GitLab, Gitea), or bearerToken (sent as an Authorization: Bearer header). Read at every sync, never written to status or events. A missing Secret is Ready=False SecretNotFound, one without those keys SecretInvalid, one holding only an ssh identity SshUnsupported (ssh is not supported: use https with a token), refused credentials AuthenticationFailed; each retried with backoff. `gitopsml up` reads Secrets from --secrets-dir DIR as DIR/<namespace>/<name>/<key> files, `gitopsml operator` from the API server.")]
    public LocalObjectReference? SecretRef { get; init; }
    [Default(true), Description("Delete objects that left the repository.")] public bool? Prune { get; init; }
    [Default(false), Description("Stop syncing: no fetch, apply or prune until it is false again; what was applied stays.")]
    public bool? Suspend { get; init; }
}

public sealed record GitRef : IHasCelRules<GitRef>
{
    [Description("Branch to follow: each fetch applies its newest commit.")]
    public string? Branch { get; init; }
    [Description("Tag to apply; moving to another release means changing it here.")]
    public string? Tag { get; init; }
    [Pattern("^[a-f0-9]{40}$", "a full 40-character commit sha"), Description("One commit, pinned by its full sha.")]
    public string? Commit { get; init; }

    public static IReadOnlyList<CelRule<GitRef>> CelRules { get; } =
    [
        new("[has(self.branch), has(self.tag), has(self.commit)].filter(x, x).size() <= 1", "at most one of branch, tag or commit may be set",
            r => new[] { r.Branch is not null, r.Tag is not null, r.Commit is not null }.Count(x => x) <= 1),
    ];
}
