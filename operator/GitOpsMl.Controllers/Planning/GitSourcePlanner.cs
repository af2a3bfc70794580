using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Sources;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// The decisions of a GitSource sync, free of I/O (Flux's source- and kustomize-controller in one):
/// what a suspended source reports, which credentials its Secret gives, how a refused revision leaves lastAppliedRevision
/// alone, and what an applied one records. The reconciler fetches, reads and applies; this decides status.
/// </summary>
public static class GitSourcePlanner
{
    /// <summary>How many validation errors a refused revision's Ready message quotes (the rest are counted).</summary>
    public const int QuotedErrors = 3;

    public static TimeSpan Interval(GitSourceSpec spec) =>
        GoDuration.TryParse(spec.Interval ?? "1m", out var interval) && interval > TimeSpan.Zero ? interval : TimeSpan.FromMinutes(1);

    /// <summary>Why the spec cannot be synced before anything is read (suspended, an ssh URL with credentials), or null to go on.</summary>
    public static ReconcileResult? Precheck(GitSource source)
    {
        var status = source.Status ?? new GitSourceStatus();
        if (source.Spec.Suspend == true)
        {
            var kept = status.LastAppliedRevision is { } applied ? $"revision {applied} stays applied" : "nothing was applied";
            return new ReconcileResult(status, new ReconcileOutcome.Stalled(GitSourceReasons.Suspended,
                $"spec.suspend is true: nothing is fetched, applied or pruned until it is false; {kept}"));
        }
        if (source.Spec.SecretRef is { } secret && IsSsh(source.Spec.Url))
        {
            // A spec problem, not a Secret one: only changing spec.url fixes it, so stall until the spec changes.
            return new ReconcileResult(status, new ReconcileOutcome.Stalled(GitSourceReasons.SshUnsupported,
                $"spec.url {source.Spec.Url} is ssh, which this control plane does not support (spec.secretRef \"{secret.Name}\" is not read); " +
                "use the https URL with a Secret holding username and password (a token as the password) or bearerToken"));
        }
        return null;
    }

    /// <summary>Flux's Secret keys for https: basic authentication, or a bearer token.</summary>
    public const string UsernameKey = "username";
    public const string PasswordKey = "password";
    public const string BearerTokenKey = "bearerToken";
    private const string IdentityKey = "identity";
    private const string Expected = "expected keys username and password (basic authentication; a token as the password works) or bearerToken";

    /// <summary>Whether a git URL is ssh (ssh://, or scp-like user@host:path).</summary>
    public static bool IsSsh(string url) =>
        url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) || System.Text.RegularExpressions.Regex.IsMatch(url, "^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:");

    /// <summary>
    /// The credentials in the Secret of spec.secretRef (<paramref name="data"/>: its keys, null when it does not exist;
    /// <paramref name="where"/>: where it was looked for). A missing or unusable Secret throws a transient
    /// <see cref="GitOpsMlFailure"/> (SecretNotFound, SecretInvalid, SshUnsupported) naming the Secret and the keys it
    /// needs, retried with backoff: the Secret is not watched, and fixing it must not need a spec change. Messages
    /// name keys, never values. A trailing line break of a value is dropped (a file written with echo).
    /// </summary>
    public static GitCredentials Credentials(GitSource source, IReadOnlyDictionary<string, byte[]>? data, string where)
    {
        var name = source.Spec.SecretRef?.Name ?? throw new ArgumentException("the source has no spec.secretRef", nameof(source));
        var secret = $"Secret {ObjectKey.NamespaceOf(source.Metadata.Namespace)}/{name} (spec.secretRef)";
        if (data is null) throw SecretFailure(GitSourceReasons.SecretNotFound, $"{secret} was not found in {where}; {Expected}");

        string? Value(string key) => data.TryGetValue(key, out var bytes) ? System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\r', '\n') : null;
        var (username, password, token) = (Value(UsernameKey), Value(PasswordKey), Value(BearerTokenKey));
        var keys = data.Count == 0 ? "no keys" : "keys " + string.Join(", ", data.Keys.Order(StringComparer.Ordinal));
        if (username is null && password is null && token is null)
        {
            if (data.ContainsKey(IdentityKey))
            {
                throw SecretFailure(GitSourceReasons.SshUnsupported,
                    $"{secret} holds identity (an ssh key): ssh is not supported; use the https URL with {Expected}");
            }
            throw SecretFailure(GitSourceReasons.SecretInvalid, $"{secret} holds {keys}; {Expected}");
        }
        if (token is not null && (username is not null || password is not null))
            throw SecretFailure(GitSourceReasons.SecretInvalid, $"{secret} holds both bearerToken and username/password: keep one of them");
        if (token is not null)
        {
            return token.Length > 0 && !token.Any(char.IsControl)
                ? new GitCredentials.BearerToken(token)
                : throw SecretFailure(GitSourceReasons.SecretInvalid, $"{secret}: bearerToken is empty or holds a line break or control character");
        }
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            var missing = string.IsNullOrEmpty(username) ? UsernameKey : PasswordKey;
            throw SecretFailure(GitSourceReasons.SecretInvalid, $"{secret} holds {keys}, but {missing} is missing or empty; {Expected}");
        }
        // Basic authentication joins them with a colon, so the user name cannot hold one.
        return username.Contains(':') || username.Any(char.IsControl)
            ? throw SecretFailure(GitSourceReasons.SecretInvalid, $"{secret}: username holds a colon or a control character")
            : new GitCredentials.Basic(username, password);
    }

    private static GitOpsMlFailure SecretFailure(string reason, string message) =>
        new GitOpsMlFailure(FailureKind.Transient, reason, message).AtField("spec.secretRef");

    /// <summary>The folder of spec.path inside a checkout, or null when the path leaves it.</summary>
    public static string? ManifestFolder(string checkout, GitSourceSpec spec)
    {
        var root = Path.GetFullPath(checkout).TrimEnd('/');
        var folder = Path.GetFullPath(Path.Combine(root, spec.Path ?? "."));
        return folder == root || folder.StartsWith(root + "/", StringComparison.Ordinal) ? folder : null;
    }

    /// <summary>The revision could not be read as manifests (spec.path missing, no manifests): nothing applied, retried at the interval.</summary>
    public static ReconcileResult Unreadable(GitSource source, GitRevision revision, string reason, string message, DateTimeOffset now) =>
        Refused(source, revision, reason, $"revision {revision}: {message}; nothing was applied", now);

    /// <summary>
    /// The revision's manifests are invalid: nothing of it is applied, lastAppliedRevision stays (Flux's
    /// behaviour), lastAttemptedRevision names it, and Ready quotes the first errors (file:line, object, field).
    /// </summary>
    public static ReconcileResult Invalid(GitSource source, GitRevision revision, IReadOnlyList<string> errors, DateTimeOffset now)
    {
        var quoted = string.Join("; ", errors.Take(QuotedErrors));
        var more = errors.Count > QuotedErrors ? $" (and {errors.Count - QuotedErrors} more)" : "";
        var message = $"revision {revision}: {errors.Count} validation error(s), nothing was applied: {quoted}{more}";
        return Refused(source, revision, GitSourceReasons.ValidationFailed, message, now);
    }

    private static ReconcileResult Refused(GitSource source, GitRevision revision, string reason, string message, DateTimeOffset now)
    {
        var previous = source.Status ?? new GitSourceStatus();
        var generation = source.Metadata.Generation ?? 0;
        var status = previous with
        {
            LastFetchedRevision = revision.ToString(),
            LastAttemptedRevision = revision.ToString(),
            Conditions = ConditionList.Set(previous.Conditions, ConditionTypes.Validated, ConditionStatus.False, reason, message, now, generation),
        };
        // A new commit, not a spec change, is what fixes it: keep polling at the interval rather than stall.
        return new ReconcileResult(status, new ReconcileOutcome.Waiting(reason, message, Interval(source.Spec)));
    }

    /// <summary>The revision was applied in full: it becomes lastAppliedRevision and the artifact; requeue at the interval.</summary>
    public static ReconcileResult Applied(GitSource source, GitRevision revision, string checkout, IEnumerable<ObjectKey> objects, DateTimeOffset now)
    {
        var previous = source.Status ?? new GitSourceStatus();
        var generation = source.Metadata.Generation ?? 0;
        var inventory = Inventory(objects);
        var text = revision.ToString();
        var artifact = previous.Artifact is { } a && a.Revision == text && a.Path == checkout
            ? a
            : new GitArtifact { Revision = text, Path = checkout, LastUpdateTime = now };
        var status = previous with
        {
            LastFetchedRevision = text,
            LastAttemptedRevision = text,
            LastAppliedRevision = text,
            Artifact = artifact,
            Inventory = inventory,
            InventoryCount = inventory.Count,
            Conditions = ConditionList.Set(previous.Conditions, ConditionTypes.Validated, ConditionStatus.True, ConditionReasons.Validated,
                $"revision {text}: {inventory.Count} object(s) valid and applied", now, generation),
        };
        return new ReconcileResult(status, new ReconcileOutcome.Succeeded(Interval(source.Spec)));
    }

    /// <summary>kind/namespace/name of each object, sorted: the status inventory.</summary>
    public static List<string> Inventory(IEnumerable<ObjectKey> objects) =>
        objects.Select(k => $"{k.Kind}/{k.Namespace}/{k.Name}").Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The commits whose checkouts must stay: the one just read, and the last applied one, whose folder the
    /// applied objects' data paths still resolve against while a newer revision is refused.
    /// </summary>
    public static IReadOnlyList<string> CheckoutsToKeep(GitRevision current, string? lastAppliedRevision)
    {
        var keep = new List<string> { current.Commit };
        if (CommitOf(lastAppliedRevision) is { } applied) keep.Add(applied);
        return keep.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The sha of a revision as status writes it (<c>main@sha1:&lt;sha&gt;</c>), or null.</summary>
    private static string? CommitOf(string? revision) =>
        revision is not null && revision.LastIndexOf("sha1:", StringComparison.Ordinal) is var at and >= 0 ? revision[(at + "sha1:".Length)..] : null;

    /// <summary>The labels naming a GitSource on what it applied; its prune considers only objects carrying them.</summary>
    public static IReadOnlyDictionary<string, string> OwnerLabels(GitSource source) => new Dictionary<string, string>
    {
        [Metadata.GitOpsMlLabels.GitSourceName] = source.Metadata.Name,
        [Metadata.GitOpsMlLabels.GitSourceNamespace] = ObjectKey.NamespaceOf(source.Metadata.Namespace),
    };

    /// <summary>Whether <paramref name="item"/> was applied by <paramref name="source"/> (and is not the GitSource itself).</summary>
    public static bool AppliedBy(GitSource source, CustomResource item)
    {
        if (item.Kind == source.Kind && item.Metadata.Name == source.Metadata.Name
            && ObjectKey.NamespaceOf(item.Metadata.Namespace) == ObjectKey.NamespaceOf(source.Metadata.Namespace))
        {
            return false;
        }
        var labels = item.Metadata.Labels;
        return OwnerLabels(source).All(l => labels?.GetValueOrDefault(l.Key) == l.Value);
    }

    /// <summary>The finalizer a GitSource carries so its deletion cleans up what it applied and its clone.</summary>
    public const string Finalizer = "gitopsml.io/gitsource";

    /// <summary>
    /// Whether deleting the source deletes what it applied (Flux's kustomize-controller: prune on, not
    /// suspended). Otherwise the objects stay, and so does the checkout their data paths resolve against.
    /// </summary>
    public static bool PrunesOnDeletion(GitSourceSpec spec) => spec.Prune != false && spec.Suspend != true;

    /// <summary>
    /// The checkouts that outlive a deleted source: none when its objects go with it; otherwise the last
    /// applied one, which the objects left behind still read their data from.
    /// </summary>
    public static IReadOnlyList<string> CheckoutsKeptOnDeletion(GitSource source)
    {
        return !PrunesOnDeletion(source.Spec) && CommitOf(source.Status?.LastAppliedRevision) is { } applied ? [applied] : [];
    }

    /// <summary>The event text of a deleted source: what it deleted, or why it left its objects and which checkout stays.</summary>
    public static string DeletedEvent(GitSource source, int pruned, IReadOnlyList<string> keptCheckouts)
    {
        if (PrunesOnDeletion(source.Spec)) return $"deleted: {pruned} object(s) it applied were deleted, and its clone and checkouts removed";
        var why = source.Spec.Suspend == true ? "spec.suspend is true" : "spec.prune is false";
        var kept = keptCheckouts.Count == 0 ? "" : $"; checkout {keptCheckouts[0]} stays, as their data paths resolve against it";
        return $"deleted: {why}, so what it applied stays; its clone was removed{kept}";
    }

    /// <summary>The event text of an applied revision (null when nothing changed: no event every interval).</summary>
    public static string? AppliedEvent(GitRevision revision, string? previousRevision, IReadOnlyCollection<string> actions)
    {
        var changed = actions.Where(a => a != "unchanged").GroupBy(a => a).Select(g => $"{g.Count()} {g.Key}").ToList();
        if (changed.Count == 0 && previousRevision == revision.ToString()) return null;
        var what = changed.Count == 0 ? "no object changed" : string.Join(", ", changed);
        return $"applied revision {revision}: {what}";
    }
}
