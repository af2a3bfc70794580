using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Controllers.Metadata;
using GitOpsMl.Controllers.Observation;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Data.Drift;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>
/// Monitor: every interval, merge the serving replicas' statistics window, score drift per feature
/// and on predictions against the serving version's profile.json, judge it (minSamples, consecutive
/// windows) and act: alert with an event, retrain by asking the TrainingJob for a new run; blocking
/// promotion and rolling back are read by the Deployment from this Monitor's conditions.
/// </summary>
public sealed class MonitorReconciler(
    IObjectStore store, IObjectCache cache, IServingExecutor serving, IServingObserver observer, IBundleInspector bundles, IEventRecorder events, TimeProvider time)
    : Reconciler<Api.Kinds.Monitor>
{
    public override string Kind => "Monitor";

    protected override async Task<ReconcileResult> ReconcileAsync(Api.Kinds.Monitor monitor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var previous = monitor.Status ?? new MonitorStatus();
        var spec = monitor.Spec;
        if (await store.GetAsync(ObjectKey.Referenced("Deployment", monitor, spec.DeploymentRef), ct) is not Deployment deployment)
        {
            return new(previous, new ReconcileOutcome.Waiting(ConditionReasons.DependencyNotFound, $"Deployment {spec.DeploymentRef.Name} not found", TimeSpan.FromSeconds(30)));
        }
        var state = new MonitorState(previous.LastEvaluated, previous.ConsecutiveBreaches ?? 0, previous.QualityBreaches ?? 0,
            ConditionList.IsTrue(previous.Conditions, ConditionTypes.Drifting), ConditionList.IsTrue(previous.Conditions, ConditionTypes.QualityBreached),
            previous.BreachCountedAt, previous.QualityBreachCountedAt);
        var due = MonitorEvaluator.NextDue(spec, state, now);
        if (now < due) return new(previous, new ReconcileOutcome.Succeeded(due - now));

        var model = deployment.Spec.ModelRef.Name;
        var replicas = (await serving.ObserveAsync(ObjectKey.Of(deployment), ct))?.Replicas;
        var candidates = new[] { deployment.Status?.CanaryVersion, deployment.Status?.StableVersion }.OfType<string>().Distinct().ToList();
        if (replicas is null || candidates.Count == 0)
        {
            return new(previous, new ReconcileOutcome.Waiting(ConditionReasons.DependencyNotReady, $"Deployment {deployment.Metadata.Name} serves nothing yet", TimeSpan.FromSeconds(5)));
        }
        var versions = cache.List("ModelVersion", ObjectKey.NamespaceOf(monitor.Metadata.Namespace));
        // Input drift reaches every version alike: judge the version with the most traffic in the window.
        (ModelVersion Version, ObservedWindow Window)? judged = null;
        foreach (var name in candidates)
        {
            var version = versions.OfType<ModelVersion>().FirstOrDefault(v => v.Spec.ModelRef.Name == model && VersionNames.Of(v.Spec.Version) == name);
            if (version?.Spec.Lineage.BundleVersion is not { } bundleVersion) continue;
            if (await observer.ReadWindowAsync(replicas, model, bundleVersion, ct) is { } window && (judged is null || window.Drift.Samples > judged.Value.Window.Drift.Samples))
                judged = (version, window);
        }
        if (judged is not { } seen)
        {
            return new(previous, new ReconcileOutcome.Waiting(ConditionReasons.DependencyNotReady, $"no replica of Deployment {deployment.Metadata.Name} reports statistics yet", TimeSpan.FromSeconds(5)));
        }

        var profile = await bundles.ReadProfileAsync(new Uri(seen.Version.Spec.Artifact.Uri).LocalPath, ct);
        var method = spec.Drift?.Method ?? DriftMethod.Psi;
        var features = DriftScorer.Features(profile, seen.Window.Drift, method, spec.Drift?.Features)
            .Select(f => new FeatureScore(f.Feature, f.Score, f.NotJudged)).ToList();
        var predictions = spec.PredictionDrift is { } predictionDrift
            ? DriftScorer.Predictions(profile, seen.Window.Drift, predictionDrift.Method ?? DriftMethod.Psi) is var p ? new FeatureScore(p.Feature, p.Score, p.NotJudged) : null
            : null;
        // The window the servers actually keep (the longest of the Monitors' on this Deployment), else this Monitor's own.
        TimeSpan? span = deployment.Status?.StatisticsWindow is { } kept && GoDuration.TryParse(kept, out var parsed) ? parsed : null;
        var verdict = MonitorEvaluator.Evaluate(spec, state,
            new MonitorWindow(seen.Window.Drift.Samples, features, predictions, seen.Window.Quality, seen.Window.Labeled, span), now);

        foreach (var action in verdict.Actions.Where(a => a.Onset))
        {
            await ActAsync(monitor, action, now, ct);
        }
        var conditions = ConditionList.Set(previous.Conditions, ConditionTypes.Drifting, verdict.Next.Drifting ? ConditionStatus.True : ConditionStatus.False,
            verdict.DriftReason, verdict.DriftMessage, now, monitor.Metadata.Generation);
        conditions = ConditionList.Set(conditions, ConditionTypes.QualityBreached, verdict.Next.QualityBreached ? ConditionStatus.True : ConditionStatus.False,
            verdict.QualityReason, verdict.QualityMessage, now, monitor.Metadata.Generation);
        var status = previous with
        {
            LastEvaluated = now,
            Samples = seen.Window.Drift.Samples,
            Version = VersionNames.Of(seen.Version.Spec.Version),
            WorstFeature = verdict.WorstFeature,
            FeatureScores = features.Where(f => f.Score is not null).ToDictionary(f => f.Feature, f => Math.Round(f.Score!.Value, 6)),
            ConsecutiveBreaches = verdict.Next.DriftBreaches,
            BreachCountedAt = verdict.Next.DriftCountedAt,
            QualityBreaches = verdict.Next.QualityBreaches,
            QualityBreachCountedAt = verdict.Next.QualityCountedAt,
            LiveMetrics = seen.Window.Quality.Count == 0 ? null : seen.Window.Quality.ToDictionary(q => q.Key, q => Math.Round(q.Value, 6)),
            Conditions = conditions,
        };
        return new ReconcileResult(status, new ReconcileOutcome.Succeeded(verdict.NextEvaluation - now));
    }

    private async Task ActAsync(Api.Kinds.Monitor monitor, MonitorActionDecision action, DateTimeOffset now, CancellationToken ct)
    {
        var reason = action.Condition == ConditionTypes.Drifting ? ConditionReasons.DriftDetected : ConditionReasons.QualityBreached;
        switch (action.Action)
        {
            case MonitorAction.Retrain when monitor.Spec.Actions?.RetrainJobRef is { } jobRef:
                var key = ObjectKey.Referenced("TrainingJob", monitor, jobRef);
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    if (await store.GetAsync(key, ct) is not TrainingJob job) break;
                    var annotations = new Dictionary<string, string>(job.Metadata.Annotations ?? []) { [GitOpsMlAnnotations.RetrainRequested] = now.ToString("O") };
                    try
                    {
                        await store.UpdateAsync(job with { Metadata = job.Metadata with { Annotations = annotations } }, ct);
                        await events.RecordAsync(monitor, EventSeverity.Warning, "RetrainRequested", $"{action.Message}; asked TrainingJob {jobRef.Name} for a new run on current data", ct);
                        break;
                    }
                    catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict) { }
                }
                break;
            case MonitorAction.Rollback:
                await events.RecordAsync(monitor, EventSeverity.Warning, reason, $"{action.Message}; asking Deployment {monitor.Spec.DeploymentRef.Name} to roll back", ct);
                break;
            case MonitorAction.BlockPromotion:
                await events.RecordAsync(monitor, EventSeverity.Warning, reason, $"{action.Message}; new versions of Deployment {monitor.Spec.DeploymentRef.Name} are held back", ct);
                break;
            default:
                await events.RecordAsync(monitor, EventSeverity.Warning, reason, action.Message, ct);
                break;
        }
    }
}
