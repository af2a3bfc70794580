using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>TrainingJob: observe dependencies, the run and the registered version; plan (pure); apply the one action; report.</summary>
public sealed class TrainingJobReconciler(
    IObjectStore store, ITrainingExecutor executor, ModelVersionRegistrar registrar, DataRootResolver roots, IEventRecorder events, TimeProvider time) : Reconciler<TrainingJob>
{
    public override string Kind => "TrainingJob";

    protected override async Task<ReconcileResult> ReconcileAsync(TrainingJob job, CancellationToken ct)
    {
        var featureSet = await store.GetAsync(ObjectKey.Referenced("FeatureSet", job, job.Spec.FeatureSetRef), ct) as FeatureSet;
        var dataset = featureSet is null ? null : await store.GetAsync(ObjectKey.Referenced("Dataset", featureSet, featureSet.Spec.DatasetRef), ct) as Dataset;
        var model = await store.GetAsync(ObjectKey.Referenced("Model", job, job.Spec.ModelRef), ct) as Model;

        string? key = null;
        var attempt = 1;
        TrainingRunState? run = null;
        ModelVersion? registered = null;
        if (featureSet is not null && dataset is { Status.Sha256: { } sha } && model is not null)
        {
            key = TrainingRuns.Key(job, featureSet, dataset, sha);
            attempt = TrainingJobPlanner.AttemptFor(job, key);
            registered = await store.GetAsync(ObjectKey.For("ModelVersion", model.Metadata.Namespace, TrainingRuns.ModelVersionName(model.Metadata.Name, key)), ct) as ModelVersion;
            if (registered is null) run = await executor.ObserveAsync(TrainingRuns.RunName(job, key, attempt), ct);
        }
        TrainingRunState? superseded = null;
        if (key is not null && job.Status is { SpecHash: { } previousKey, Attempts: { } previousAttempt, Phase: TrainingPhase.Pending or TrainingPhase.Running } && previousKey != key)
        {
            superseded = await executor.ObserveAsync(TrainingRuns.RunName(job, previousKey, previousAttempt), ct);
        }

        var plan = TrainingJobPlanner.Plan(job, new TrainingJobObservation(featureSet, dataset, model, key, attempt, run, registered) { Superseded = superseded }, time.GetUtcNow());
        switch (plan.Action)
        {
            case TrainingJobAction.StartRun when roots.RootOf(dataset!) is null && DatasetFileResolver.NeedsRoot(dataset!):
                // The Dataset was Ready under another root (an operator restarted without --data-root): its
                // reconciler is about to say why; train nothing from a guessed directory meanwhile.
                return plan.Result with
                {
                    Outcome = new ReconcileOutcome.Waiting(ConditionReasons.NoSourceRoot, DataRootResolver.MissingMessage(dataset!), TrainingJobPlanner.DependencyPoll),
                };
            case TrainingJobAction.StartRun start:
                await executor.EnsureStartedAsync(new TrainingRunRequest(start.RunName, ObjectKey.Of(job),
                    [RunManifests.Of(dataset!), RunManifests.Of(featureSet!), RunManifests.Of(job), RunManifests.Of(model!)],
                    roots.RootOf(dataset!),
                    GoDuration.TryParse(job.Spec.Timeout ?? "1h", out var timeout) ? timeout : null), ct);
                await events.RecordAsync(job, EventSeverity.Normal, "TrainingStarted", $"run {start.RunName} (attempt {start.Attempt})", ct);
                break;
            case TrainingJobAction.CancelRun cancel:
                await executor.CancelAsync(cancel.RunName, ct);
                await events.RecordAsync(job, EventSeverity.Warning, cancel.Reason, cancel.Why, ct);
                break;
            case TrainingJobAction.Register register:
                var version = await registrar.RegisterAsync(job, model!, key!, register.ModelVersionName, register.BundlePath, ct);
                await events.RecordAsync(job, EventSeverity.Normal, "VersionRegistered",
                    $"run {register.RunName} registered as version {version.Spec.Version} (ModelVersion {version.Metadata.Name})", ct);
                // The run succeeded but has something to say (too few optimizer steps, no better than trivial): say it where people look.
                foreach (var warning in version.Spec.Warnings ?? [])
                {
                    await events.RecordAsync(job, EventSeverity.Warning, warning.Reason, $"version {version.Spec.Version}: {warning.Message}", ct);
                }
                // Re-plan with the version in hand so status says Succeeded in this same pass.
                return TrainingJobPlanner.Plan(job, new TrainingJobObservation(featureSet, dataset, model, key, attempt, run, version), time.GetUtcNow()).Result;
        }
        if (plan.Outcome is ReconcileOutcome.Stalled stalled)
        {
            await events.RecordAsync(job, EventSeverity.Warning, stalled.Reason, stalled.Message, ct);
        }
        return plan.Result;
    }
}
