using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

[Kind("GitSource", "gitsources", "gs")]
[Description("A git repository the operator syncs manifests from, stamping each object with its commit. Planned: no controller acts on it yet (README, Known gaps); apply manifests with gitopsml apply, kubectl, Flux or Argo CD meanwhile.")]
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

    [Description("The commit last fetched from ref.")]
    public string? LastFetchedRevision { get; init; }
    [Description("The commit whose manifests were last applied in full; objects carry it in their gitopsml.io/commit annotation.")]
    public string? LastAppliedRevision { get; init; }
    [Description("kind/namespace/name of every object applied from the last revision; prune deletes what left it.")]
    public List<string>? Inventory { get; init; }
}

public sealed record GitSourceSpec
{
    [Required, Pattern("^(https?|ssh|file)://.+|^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:.+", "a git URL (https://, ssh://, file:// or user@host:path)")]
    [Description("The repository to clone, e.g. https://github.com/acme/ml-manifests or git@github.com:acme/ml-manifests.git.")]
    public string Url { get; init; } = "";
    [Description("What to check out: one of branch, tag or commit; omitted, the repository's default branch.")]
    public GitRef? Ref { get; init; }
    [Default("."), MaxLength(4096), Description("Folder inside the repository holding the manifests.")]
    public string? Path { get; init; }
    [Default("1m"), Pattern(Patterns.Duration, Patterns.DurationExpected), Description("How often the repository is fetched and its manifests applied.")]
    public string? Interval { get; init; }
    [Description("Secret with username/password or identity (ssh key).")] public LocalObjectReference? SecretRef { get; init; }
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
