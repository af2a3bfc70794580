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
/// </summary>
public sealed class ModelReconciler(IObjectStore store, IArtifactStore artifacts, StatusWriter statusWriter, IEventRecorder events, TimeProvider time)
    : Reconciler<Model>
{
    private static readonly ConditionSet VersionConditions = new(ConditionTypes.Ready, ConditionTypes.GatesPassed);

    public override string Kind => "Model";

    protected override async Task<ReconcileResult> ReconcileAsync(Model model, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var versions = (await ModelVersions.OfAsync(store, model, ct)).ToList();
        var serving = await ServingVersionsAsync(model, ct);
        var production = versions.FirstOrDefault(v => v.Spec.Version == serving.Stable.FirstOrDefault());

        for (var i = 0; i < versions.Count; i++)
        {
            var version = versions[i];
            if (version.Status?.Phase is ModelVersionPhase.Approved or ModelVersionPhase.Rejected or ModelVersionPhase.Retired) continue;
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

        await ApplyRetentionAsync(model, versions, serving, ct);

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
    private async Task ApplyRetentionAsync(Model model, List<ModelVersion> versions, ServingVersions serving, CancellationToken ct)
    {
        var keep = model.Spec.Retention?.KeepLast ?? 10;
        var old = versions.OrderByDescending(v => v.Spec.Version).Skip(keep)
            .Where(v => v.Status?.Phase is not (ModelVersionPhase.Approved or ModelVersionPhase.Retired)
                        && !serving.Stable.Contains(v.Spec.Version) && !serving.Canary.Contains(v.Spec.Version))
            .ToList();
        foreach (var version in old)
        {
            await artifacts.DeleteAsync(version.Spec.Artifact.Uri, ct);
            var status = (version.Status ?? new ModelVersionStatus()) with { Phase = ModelVersionPhase.Retired };
            if (await statusWriter.WriteAsync(version, status, ct) is ModelVersion written) versions[versions.IndexOf(version)] = written;
            await events.RecordAsync(model, EventSeverity.Normal, "VersionRetired",
                $"{VersionNames.Of(version.Spec.Version)}: artifacts deleted (retention keeps the last {keep} besides approved and served versions)", ct);
        }
    }

    private sealed record ServingVersions(IReadOnlyList<int> Stable, IReadOnlyList<int> Canary);

    private async Task<ServingVersions> ServingVersionsAsync(Model model, CancellationToken ct)
    {
        var deployments = (await store.ListAsync("Deployment", ObjectKey.NamespaceOf(model.Metadata.Namespace), ct)).Items
            .OfType<Deployment>().Where(d => d.Spec.ModelRef.Name == model.Metadata.Name).ToList();
        return new ServingVersions(
            deployments.Select(d => VersionNames.Parse(d.Status?.StableVersion)).OfType<int>().ToList(),
            deployments.Select(d => VersionNames.Parse(d.Status?.CanaryVersion)).OfType<int>().ToList());
    }
}
