using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// The TrainingJob state machine, pure. One run per run key: a registered version ends it; no run
/// starts one; a running one reports progress (or is cancelled past its timeout); a finished one is
/// registered; a failed one stalls when the failure is permanent (invalid data, divergence) and is
/// retried under the next attempt's name, after an exponential delay, up to backoffLimit otherwise.
/// A run of an earlier key still in progress is cancelled before anything else.
/// </summary>
public static class TrainingJobPlanner
{
    public static readonly TimeSpan ProgressPoll = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DependencyPoll = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan BaseRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>The attempt the job is on for <paramref name="runKey"/>: status counts attempts of the current key only.</summary>
    public static int AttemptFor(TrainingJob job, string runKey) =>
        job.Status is { SpecHash: var hash, Attempts: { } attempts } && hash == runKey ? Math.Max(1, attempts) : 1;

    public static TrainingJobPlan Plan(TrainingJob job, TrainingJobObservation seen, DateTimeOffset now)
    {
        var previous = job.Status ?? new TrainingJobStatus();
        var generation = job.Metadata.Generation;
        var ns = job.Metadata.Namespace;

        TrainingJobPlan Wait(string reason, string message) => new(
            previous with { Conditions = Trained(previous, ConditionStatus.Unknown, reason, message, generation, now) },
            new ReconcileOutcome.Waiting(reason, message, DependencyPoll), new TrainingJobAction.None());

        if (seen.FeatureSet is null) return Wait(ConditionReasons.DependencyNotFound, $"FeatureSet {job.Spec.FeatureSetRef.Name} not found");
        if (seen.Model is null) return Wait(ConditionReasons.DependencyNotFound, $"Model {job.Spec.ModelRef.Name} not found");
        if (seen.Dataset is null) return Wait(ConditionReasons.DependencyNotFound, $"Dataset {seen.FeatureSet.Spec.DatasetRef.Name} not found");
        if (!Readiness.IsReady(seen.FeatureSet)) return Wait(ConditionReasons.DependencyNotReady, Readiness.Describe(seen.FeatureSet));
        if (!Readiness.IsReady(seen.Dataset) || seen.RunKey is null) return Wait(ConditionReasons.DependencyNotReady, Readiness.Describe(seen.Dataset));

        var key = seen.RunKey;
        var attempt = seen.Attempt;
        var runName = TrainingRuns.RunName(job, key, attempt);
        var versionName = TrainingRuns.ModelVersionName(seen.Model.Metadata.Name, key);
        var limit = job.Spec.BackoffLimit ?? 2;
        var keyed = previous with { SpecHash = key, Attempts = attempt };

        // A new spec or new data supersedes a run still in progress (as a new generation supersedes a rollout):
        // stop it first, so two runs of one job never compete and the stale one cannot finish later.
        if (seen.Superseded is { Phase: TrainingRunPhase.Pending or TrainingRunPhase.Running } stale)
        {
            var why = $"run {stale.RunName} superseded: the spec or data changed (run key {previous.SpecHash?[..Math.Min(10, previous.SpecHash.Length)]} -> {key[..10]})";
            var status = previous with { Conditions = Trained(previous, ConditionStatus.Unknown, ConditionReasons.Progressing, why, generation, now) };
            return new(status, new ReconcileOutcome.Progressing(ConditionReasons.Progressing, why, ProgressPoll), new TrainingJobAction.CancelRun(stale.RunName, "TrainingSuperseded", why));
        }

        if (seen.Registered is { } registered)
        {
            var done = keyed with
            {
                Phase = TrainingPhase.Succeeded,
                ModelVersion = registered.Metadata.Name,
                Artifact = registered.Spec.Artifact,
                Metrics = registered.Spec.Metrics,
                CompletionTime = previous.CompletionTime ?? now,
                Conditions = Trained(previous, ConditionStatus.True, ConditionReasons.Succeeded,
                    $"version {registered.Spec.Version} registered as ModelVersion {registered.Metadata.Name}", generation, now),
            };
            return new(done, new ReconcileOutcome.Succeeded(), new TrainingJobAction.None());
        }

        switch (seen.Run)
        {
            case null:
            {
                var message = $"run {runName} started (attempt {attempt} of {limit + 1})";
                var status = keyed with
                {
                    Phase = TrainingPhase.Pending, StartTime = now, CompletionTime = null, ModelVersion = null, Artifact = null, Metrics = null,
                    Conditions = Trained(previous, ConditionStatus.Unknown, ConditionReasons.Progressing, message, generation, now),
                };
                return new(status, new ReconcileOutcome.Progressing(ConditionReasons.Progressing, message, ProgressPoll), new TrainingJobAction.StartRun(runName, attempt));
            }
            case { Phase: TrainingRunPhase.Pending or TrainingRunPhase.Running } run:
            {
                if (ParseTimeout(job) is { } timeout && run.StartTime is { } started && now - started > timeout)
                {
                    var why = $"run {runName} passed its timeout {job.Spec.Timeout}";
                    return new(keyed, new ReconcileOutcome.Progressing(ConditionReasons.Progressing, why, ProgressPoll), new TrainingJobAction.CancelRun(runName, "TrainingTimedOut", why));
                }
                var message = Progress(run, runName);
                var status = keyed with
                {
                    Phase = run.Phase == TrainingRunPhase.Running ? TrainingPhase.Running : TrainingPhase.Pending,
                    StartTime = run.StartTime ?? previous.StartTime, Device = run.Device ?? previous.Device,
                    Conditions = Trained(previous, ConditionStatus.Unknown, ConditionReasons.Progressing, message, generation, now),
                };
                return new(status, new ReconcileOutcome.Progressing(ConditionReasons.Progressing, message, ProgressPoll), new TrainingJobAction.None());
            }
            case { Phase: TrainingRunPhase.Succeeded, BundlePath: { } bundle } run:
            {
                var message = $"run {runName} finished; registering ModelVersion {versionName}";
                var status = keyed with { Phase = TrainingPhase.Running, Device = run.Device ?? previous.Device, Conditions = Trained(previous, ConditionStatus.Unknown, ConditionReasons.Progressing, message, generation, now) };
                return new(status, new ReconcileOutcome.Progressing(ConditionReasons.Progressing, message, ProgressPoll), new TrainingJobAction.Register(runName, bundle, versionName));
            }
            default:
                return Failed(job, keyed, seen.Run, runName, attempt, limit, now);
        }
    }

    private static TrainingJobPlan Failed(TrainingJob job, TrainingJobStatus keyed, TrainingRunState run, string runName, int attempt, int limit, DateTimeOffset now)
    {
        var generation = job.Metadata.Generation;
        var cause = run.TimedOut ? $"timed out after {job.Spec.Timeout}"
            : run.Interrupted ? "was interrupted (its process ended without a result)"
            : $"failed with exit code {run.ExitCode}";
        var detail = string.IsNullOrWhiteSpace(run.Message) ? "" : $": {run.Message}";
        var permanent = !run.Interrupted && !run.TimedOut && TrainingExitCodes.IsPermanent(run.ExitCode);
        if (permanent || attempt > limit)
        {
            var reason = permanent ? TrainingExitCodes.Reason(run.ExitCode) : ConditionReasons.BackoffLimitExceeded;
            var message = permanent
                ? $"run {runName} {cause}{detail}; not retried (the same data and spec fail the same way)"
                : $"run {runName} {cause}{detail}; {attempt} attempts used (backoffLimit {limit})";
            var stalled = keyed with
            {
                Phase = TrainingPhase.Failed, CompletionTime = run.CompletionTime ?? now,
                Conditions = Trained(keyed, ConditionStatus.False, reason, message, generation, now),
            };
            return new(stalled, new ReconcileOutcome.Stalled(reason, message), new TrainingJobAction.None());
        }
        var delay = BaseRetryDelay * Math.Pow(2, attempt - 1);
        var retryAt = (run.CompletionTime ?? now) + delay;
        var next = attempt + 1;
        if (now < retryAt)
        {
            var waiting = $"run {runName} {cause}{detail}; attempt {next} of {limit + 1} starts in {(retryAt - now).TotalSeconds:0.#}s";
            var status = keyed with { Phase = TrainingPhase.Pending, Conditions = Trained(keyed, ConditionStatus.Unknown, ConditionReasons.Retrying, waiting, generation, now) };
            return new(status, new ReconcileOutcome.Progressing(ConditionReasons.Retrying, waiting, retryAt - now), new TrainingJobAction.None());
        }
        var nextName = TrainingRuns.RunName(job, keyed.SpecHash!, next);
        var started = $"run {nextName} started (attempt {next} of {limit + 1}) after {runName} {cause}";
        var retried = keyed with
        {
            Phase = TrainingPhase.Pending, Attempts = next, StartTime = now,
            Conditions = Trained(keyed, ConditionStatus.Unknown, ConditionReasons.Retrying, started, generation, now),
        };
        return new(retried, new ReconcileOutcome.Progressing(ConditionReasons.Retrying, started, ProgressPoll), new TrainingJobAction.StartRun(nextName, next));
    }

    private static string Progress(TrainingRunState run, string runName) =>
        run.Epoch is { } epoch
            ? $"run {runName}: epoch {epoch}/{run.Epochs?.ToString() ?? "?"}" + (run.ValidationMetric is { } m && run.ValidationValue is { } v ? $", validation {m} {v:0.####}" : "")
            : $"run {runName}: {(run.Phase == TrainingRunPhase.Pending ? "starting" : "reading data")}";

    private static TimeSpan? ParseTimeout(TrainingJob job) =>
        GoDuration.TryParse(job.Spec.Timeout ?? "1h", out var t) ? t : null;

    private static List<Condition> Trained(TrainingJobStatus previous, ConditionStatus status, string reason, string message, long? generation, DateTimeOffset now) =>
        ConditionList.Set(previous.Conditions, ConditionTypes.Trained, status, reason, message, now, generation);
}
