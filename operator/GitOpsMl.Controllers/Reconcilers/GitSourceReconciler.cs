using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Validation;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Sources;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>
/// GitSource: fetch the repository, check out the ref's commit, validate every manifest under spec.path
/// as one set, then apply it all (or, if anything is invalid, nothing) and prune what this source applied
/// before that the revision no longer holds. Git failures throw typed (<see cref="GitSourceReasons"/>) and
/// are retried with backoff; an invalid revision is retried at the interval, waiting for a fixing commit.
/// spec.secretRef is read from <see cref="ISecretReader"/> at every sync; its values go to the fetch and nowhere else.
/// Deleting the source (its finalizer) deletes what it applied when it prunes, and removes its clone.
/// </summary>
public sealed class GitSourceReconciler(IObjectStore store, IGitCheckout git, ISecretReader secrets, IEventRecorder events, TimeProvider time)
    : Reconciler<GitSource>, IFinalizingReconciler
{
    public override string Kind => "GitSource";

    public string Finalizer => GitSourcePlanner.Finalizer;

    /// <summary>
    /// Flux's kustomize-controller on deleting a Kustomization: with prune (and not suspended) every object
    /// carrying this source's labels goes (ModelVersions with their Model, by cascade, never directly);
    /// otherwise the objects stay. The clone goes either way; a failure to store-delete is retried, a folder
    /// that cannot be removed is reported and left (it must not hold the GitSource forever).
    /// </summary>
    public async Task FinalizeAsync(CustomResource resource, CancellationToken ct)
    {
        var source = resource as GitSource ?? throw new ArgumentException($"{Kind} reconciler was given a {resource.Kind}", nameof(resource));
        var pruned = GitSourcePlanner.PrunesOnDeletion(source.Spec)
            ? await ManifestApplier.PruneAsync(store, new HashSet<ObjectKey>(), item => GitSourcePlanner.AppliedBy(source, item), ct)
            : [];
        var kept = GitSourcePlanner.CheckoutsKeptOnDeletion(source);
        git.DeleteCheckoutsExcept(source, kept);
        try
        {
            git.DeleteClone(source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await events.RecordAsync(source, EventSeverity.Warning, GitSourceReasons.CleanupFailed, $"the clone of {source.Spec.Url} could not be removed: {e.Message}", ct);
        }
        await events.RecordAsync(source, EventSeverity.Normal, GitSourceReasons.Deleted, GitSourcePlanner.DeletedEvent(source, pruned.Count, kept), ct);
    }

    protected override async Task<ReconcileResult> ReconcileAsync(GitSource source, CancellationToken ct)
    {
        if (GitSourcePlanner.Precheck(source) is { } stopped) return stopped;

        var credentials = source.Spec.SecretRef is { } secretRef ? await CredentialsAsync(source, secretRef.Name, ct) : null;
        var revision = await git.FetchAsync(source, credentials, ct);
        var checkout = await git.CheckoutAsync(source, revision, ct);
        var previous = source.Status ?? new GitSourceStatus();
        // Kept: this revision's checkout, and the last applied one (what the objects resolve against until this
        // revision is applied, and one revision longer after, so a training run started from it can still read its data).
        git.DeleteCheckoutsExcept(source, GitSourcePlanner.CheckoutsToKeep(revision, previous.LastAppliedRevision));

        if (GitSourcePlanner.ManifestFolder(checkout, source.Spec) is not { } folder || !Directory.Exists(folder))
        {
            return await RefusedAsync(source, GitSourcePlanner.Unreadable(source, revision, GitSourceReasons.PathNotFound,
                $"spec.path \"{source.Spec.Path}\" is not a folder of the repository", time.GetUtcNow()), ct);
        }
        var read = ManifestSetReader.Read([folder], displayRoot: checkout);
        if (read.Report is not { } report)
        {
            return await RefusedAsync(source, GitSourcePlanner.Unreadable(source, revision, GitSourceReasons.ValidationFailed,
                string.Join("; ", read.UsageErrors.Select(e => e.Replace(checkout, ".", StringComparison.Ordinal))), time.GetUtcNow()), ct);
        }
        if (!report.IsValid)
        {
            var errors = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            return await RefusedAsync(source, GitSourcePlanner.Invalid(source, revision, errors, time.GetUtcNow()), ct);
        }

        var stamp = new ApplyStamp((_, _) => revision.Commit) { Labels = GitSourcePlanner.OwnerLabels(source) };
        var applied = (await ManifestApplier.ApplyAsync(store, read, stamp, ct)).ToList();
        if (source.Spec.Prune != false)
        {
            var kept = applied.Select(a => a.Key).ToHashSet();
            applied.AddRange(await ManifestApplier.PruneAsync(store, kept, item => GitSourcePlanner.AppliedBy(source, item), ct));
        }
        var result = GitSourcePlanner.Applied(source, revision, checkout, report.Objects.Select(o => ObjectKey.Of(o.Resource)), time.GetUtcNow());
        if (GitSourcePlanner.AppliedEvent(revision, previous.LastAppliedRevision, applied.Select(a => a.Action).ToList()) is { } message)
            await events.RecordAsync(source, EventSeverity.Normal, GitSourceReasons.Applied, message, ct);
        return result;
    }

    /// <summary>
    /// The credentials of spec.secretRef, read at every sync (Secrets are not watched: a changed one is used by
    /// the next fetch, at the interval or, while failing, the next backoff retry).
    /// </summary>
    private async Task<GitCredentials> CredentialsAsync(GitSource source, string name, CancellationToken ct)
    {
        var ns = ObjectKey.NamespaceOf(source.Metadata.Namespace);
        return GitSourcePlanner.Credentials(source, await secrets.ReadAsync(ns, name, ct), secrets.Describe(ns, name));
    }

    /// <summary>A refused revision: an event the first time it is attempted (not at every interval).</summary>
    private async Task<ReconcileResult> RefusedAsync(GitSource source, ReconcileResult refused, CancellationToken ct)
    {
        var attempted = ((GitSourceStatus)refused.Status).LastAttemptedRevision;
        if (attempted != source.Status?.LastAttemptedRevision && refused.Outcome is ReconcileOutcome.Waiting w)
            await events.RecordAsync(source, EventSeverity.Warning, w.Reason, w.Message, ct);
        return refused;
    }
}
