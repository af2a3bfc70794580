using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>
/// Model: judges every candidate version by the gates (against the version in production), records
/// each verdict on the version with an event on the model, applies retention, and summarises the
/// registry in status. Production is read from the Deployments that serve the model, which move it.
/// Versions are listed from the informer cache; the few not yet settled are read fresh from the store before
/// they are judged or retired, so a lagging cache can neither re-judge a version nor retire one just approved.
/// </summary>
public sealed class ModelReconciler(IObjectStore store, IObjectCache cache, IArtifactStore artifacts, StatusWriter statusWriter, IEventRecorder events, TimeProvider time)
    : Reconciler<Model>
{
    private static readonly ConditionSet VersionConditions = new(ConditionTypes.Ready, ConditionTypes.GatesPassed);

    public override string Kind => "Model";

    protected override async Task<ReconcileResult> ReconcileAsync(Model model, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var versions = ModelVersions.Of(cache, model).ToList();
        var serving = ServingVersionsOf(cache.List("Deployment", ObjectKey.NamespaceOf(model.Metadata.Namespace)), model);
        var production = versions.FirstOrDefault(v => v.Spec.Version == serving.Stable.FirstOrDefault());

        for (var i = 0; i < versions.Count; i++)
        {
            if (ModelVersions.IsSettled(versions[i])) continue;
            if (await store.GetAsync(ObjectKey.Of(versions[i]), ct) is not ModelVersion version) continue;
            versions[i] = version;
            if (ModelVersions.IsSettled(version)) continue;
            var reference = production is not null && production.Spec.Version != version.Spec.Version ? production.Spec : null;
            var verdict = GateEvaluator.Evaluate(model.Spec, version.Spec, reference);
            var passed = verdict.Phase == ModelVersionPhase.Approved ? ConditionStatus.True
                : verdict.Phase == ModelVersionPhase.Rejected ? ConditionStatus.False : ConditionStatus.Unknown;
            var status = (version.Status ?? new ModelVersionStatus()) with
            {
                Phase = verdict.Phase,
                GateResults = verdict.Results.ToList(),
                ObservedGeneration = version.Metadata.Generation,
                Conditions = VersionConditions.Set(version.Status?.Conditions, ConditionTypes.GatesPassed, passed, verdict.Reason, verdict.Message, now, version.Metadata.Generation),
            };
            if (await statusWriter.WriteAsync(version, status, ct) is ModelVersion written)
            {
                versions[i] = written;
                if (verdict.Phase != ModelVersionPhase.Candidate)
                {
                    await events.RecordAsync(model, verdict.Phase == ModelVersionPhase.Approved ? EventSeverity.Normal : EventSeverity.Warning,
                        verdict.Phase == ModelVersionPhase.Approved ? "VersionApproved" : "VersionRejected",
                        $"{VersionNames.Of(version.Spec.Version)}: {verdict.Message}", ct);
                }
            }
        }

        await ApplyRetentionAsync(model, versions, ct);

        var latest = versions.LastOrDefault();
        var approved = versions.LastOrDefault(v => v.Status?.Phase == ModelVersionPhase.Approved);
        var previous = model.Status ?? new ModelStatus();
        var gates = latest?.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.GatesPassed);
        var modelStatus = previous with
        {
            LatestVersion = latest is null ? null : VersionNames.Of(latest.Spec.Version),
            LatestApprovedVersion = approved is null ? null : VersionNames.Of(approved.Spec.Version),
            ProductionVersion = serving.Stable.Count == 0 ? null : string.Join(",", serving.Stable.Distinct().Order().Select(VersionNames.Of)),
            VersionCount = versions.Count(v => v.Status?.Phase != ModelVersionPhase.Retired),
            Conditions = gates is null
                ? ConditionList.Remove(previous.Conditions, ConditionTypes.GatesPassed)
                : ConditionList.Set(previous.Conditions, ConditionTypes.GatesPassed, gates.Status, gates.Reason,
                    $"{VersionNames.Of(latest!.Spec.Version)}: {gates.Message}", now, model.Metadata.Generation),
        };
        return new ReconcileResult(modelStatus, new ReconcileOutcome.Succeeded());
    }

    /// <summary>Versions beyond keepLast that are neither approved nor served lose their artifacts and are Retired.</summary>
    private async Task ApplyRetentionAsync(Model model, List<ModelVersion> versions, CancellationToken ct)
    {
        var keep = model.Spec.Retention?.KeepLast ?? 10;
        var beyond = versions.OrderByDescending(v => v.Spec.Version).Skip(keep)
            .Where(v => v.Status?.Phase is not (ModelVersionPhase.Approved or ModelVersionPhase.Retired)).ToList();
        if (beyond.Count == 0) return;
        // Deleting artifacts cannot be undone: what the Deployments serve is read from the store, not the cache.
        var serving = ServingVersionsOf((await store.ListAsync("Deployment", ObjectKey.NamespaceOf(model.Metadata.Namespace), ct)).Items, model);
        var old = beyond.Where(v => !serving.Stable.Contains(v.Spec.Version) && !serving.Canary.Contains(v.Spec.Version)).ToList();
        foreach (var cached in old)
        {
            // Re-read: the cached copy may predate an approval, and approved versions are never retired.
            if (await store.GetAsync(ObjectKey.Of(cached), ct) is not ModelVersion version
                || version.Status?.Phase is ModelVersionPhase.Approved or ModelVersionPhase.Retired)
            {
                continue;
            }

            await artifacts.DeleteAsync(version.Spec.Artifact.Uri, ct);
            var status = (version.Status ?? new ModelVersionStatus()) with { Phase = ModelVersionPhase.Retired };
            if (await statusWriter.WriteAsync(version, status, ct) is ModelVersion written) versions[versions.IndexOf(cached)] = written;
            await events.RecordAsync(model, EventSeverity.Normal, "VersionRetired",
                $"{VersionNames.Of(version.Spec.Version)}: artifacts deleted (retention keeps the last {keep} besides approved and served versions)", ct);
        }
    }

    private sealed record ServingVersions(IReadOnlyList<int> Stable, IReadOnlyList<int> Canary);

    private static ServingVersions ServingVersionsOf(IEnumerable<CustomResource> items, Model model)
    {
        var deployments = items.OfType<Deployment>().Where(d => d.Spec.ModelRef.Name == model.Metadata.Name).ToList();
        return new ServingVersions(
            deployments.Select(d => VersionNames.Parse(d.Status?.StableVersion)).OfType<int>().ToList(),
            deployments.Select(d => VersionNames.Parse(d.Status?.CanaryVersion)).OfType<int>().ToList());
    }
}
