using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Controllers.Observation;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>
/// Deployment: choose the target version (pinned, or the Model's latest Approved unless a Monitor
/// blocks promotion), let the rollout state machine walk the canary with analysis from the servers'
/// metrics and the Monitors' verdicts, size replicas, apply the serving plan, and report. Ready only
/// when the replicas answer ready with the model loaded.
/// </summary>
public sealed class DeploymentReconciler(
    IObjectStore store, IObjectCache cache, IServingExecutor serving, IServingObserver observer, FrontPorts ports, IEventRecorder events, TimeProvider time) : Reconciler<Deployment>
{
    public static readonly TimeSpan AnalysisPoll = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SteadyPoll = TimeSpan.FromSeconds(10);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ObjectKey, IReadOnlyList<ScaleRecommendation>> _scaleHistory = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ObjectKey, IReadOnlyList<RequestCount>> _requestCounts = new();

    public override string Kind => "Deployment";

    protected override async Task<ReconcileResult> ReconcileAsync(Deployment deployment, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var key = ObjectKey.Of(deployment);
        var previous = deployment.Status ?? new DeploymentStatus();
        var modelName = deployment.Spec.ModelRef.Name;
        if (await store.GetAsync(ObjectKey.Referenced("Model", deployment, deployment.Spec.ModelRef), ct) is not Model model)
        {
            return new(previous, new ReconcileOutcome.Waiting(ConditionReasons.DependencyNotFound, $"Model {modelName} not found", TimeSpan.FromSeconds(30)));
        }
        var versions = ModelVersions.Of(cache, model);
        var verdicts = await MonitorSignals.ForAsync(store, deployment, ct);
        var target = DeploymentTargets.Choose(deployment, versions, verdicts, previous.StableVersion, previous.CanaryVersion);

        var observed = await serving.ObserveAsync(key, ct);
        var state = new RolloutState
        {
            Stable = previous.StableVersion, Canary = previous.CanaryVersion, Weight = previous.CanaryWeight ?? 0,
            Step = previous.CurrentStep, StepStartedAt = previous.StepStartedAt, Phase = previous.Phase,
            AbortedVersion = previous.AbortedVersion, AbortedGeneration = previous.AbortedGeneration, RollbackReason = previous.RollbackReason,
        };
        var traffic = observed is null ? ServingTraffic.None : await observer.ReadTrafficAsync(observed.Replicas, modelName, ct);
        CanaryObservation? analysis = null;
        if (state.Canary is { } canaryName && Find(versions, canaryName) is { } canaryVersion)
        {
            var breach = verdicts.FirstOrDefault(v => v.RollsBack);
            analysis = CanaryAnalysis.Observe(traffic, BundleVersionOf(canaryVersion), deployment.Spec.Rollout?.Shadow == true, breach is not null, breach?.Message);
        }
        var plan = RolloutStateMachine.Plan(new RolloutInput(deployment.Spec.Rollout, deployment.Metadata.Generation ?? 0, state, target, analysis, now));
        var next = plan.Next;

        // A promoted version that a Monitor then finds drifting rolls back to the version before it (DESIGN: rollback lives with git).
        var alreadyRolledBack = previous.Phase == RolloutPhase.RolledBack && previous.AbortedGeneration == deployment.Metadata.Generation;
        if (!alreadyRolledBack && next.Canary is null && next.Stable is { } stableName && verdicts.FirstOrDefault(v => v.RollsBack) is { } stableBreach
            && DeploymentTargets.PreviousServable(versions, stableName, previous.AbortedVersion) is { } fallback)
        {
            next = next with { Stable = fallback, Phase = RolloutPhase.RolledBack, AbortedVersion = stableName, AbortedGeneration = deployment.Metadata.Generation, RollbackReason = $"{stableName} rolled back to {fallback}: {stableBreach.Message}" };
            plan = new RolloutPlan(new RolloutDecision.Abort(stableName, next.RollbackReason!), next);
        }

        ServingState? applied = null;
        var replicas = ReplicaCount(deployment, traffic, previous, now);
        var window = StatisticsWindow.For(cache.List("Monitor", ObjectKey.NamespaceOf(deployment.Metadata.Namespace)).OfType<Api.Kinds.Monitor>()
            .Where(m => m.Spec.DeploymentRef.Name == deployment.Metadata.Name).Select(m => m.Spec));
        if (next.Stable is { } stable && Find(versions, stable) is { } stableVersion)
        {
            var canary = next.Canary is { } c ? Find(versions, c) : null;
            applied = await serving.ApplyAsync(new ServingPlan(key, modelName, Served(stableVersion), canary is null ? null : Served(canary),
                canary is null ? 0 : next.Weight, canary is not null && deployment.Spec.Rollout?.Shadow == true, replicas)
            {
                MaxBatchSize = deployment.Spec.Batching?.MaxBatchSize,
                MaxDelay = deployment.Spec.Batching?.MaxDelay is { } d && GoDuration.TryParse(d, out var delay) ? delay : null,
                MaxQueue = deployment.Spec.Batching?.MaxQueue,
                FrontPort = ports.For(key, previous.Url),
                StatisticsWindow = window == StatisticsWindow.Default ? null : window,
                IntraOpThreads = CpuThreads.For(deployment.Spec.Resources?.Cpu),
            }, ct);
        }
        else if (observed is not null && next.Stable is null)
        {
            await serving.RemoveAsync(key, ct);
        }

        var needed = Needed(deployment, replicas);
        var ready = applied?.ReadyReplicas ?? 0;
        var servedBefore = previous.ReadyReplicas > 0 && previous.StableVersion is not null;
        var (notReadySince, degraded) = next.Stable is null ? (null, false) : ServingHealth.Judge(previous.NotReadySince, servedBefore, ready, needed, now);
        // Degraded is shown over the rollout's phase, except rolledBack, which later reconciles read back.
        var phase = degraded && next.Phase != RolloutPhase.RolledBack ? RolloutPhase.Degraded : next.Phase;
        if (degraded && ConditionList.Get(previous.Conditions, ConditionTypes.Ready)?.Reason != ReplicasDegraded)
        {
            await events.RecordAsync(deployment, EventSeverity.Warning, ReplicasDegraded, DegradedMessage(applied, ready, needed, notReadySince!.Value), ct);
        }

        var history = await RecordDecisionAsync(deployment, plan.Decision, previous.History, now, ct);
        var status = previous with
        {
            StableVersion = next.Stable, CanaryVersion = next.Canary, CanaryWeight = next.Canary is null ? null : next.Weight,
            RoutedCanaryWeight = next.Canary is { } routedCanary && Find(versions, routedCanary) is { } routedVersion
                && traffic.RoutedWeight(BundleVersionOf(routedVersion)) is { } routed ? (int)Math.Round(routed) : null,
            CurrentStep = next.Canary is null ? null : next.Step, StepStartedAt = next.Canary is null ? null : next.StepStartedAt,
            Phase = phase, NotReadySince = notReadySince, RollbackReason = next.RollbackReason, AbortedVersion = next.AbortedVersion, AbortedGeneration = next.AbortedGeneration,
            ReadyReplicas = applied?.ReadyReplicas ?? 0, Replicas = next.Stable is null ? 0 : replicas,
            Url = applied?.Url?.ToString() ?? previous.Url, History = history, StatisticsWindow = PlanText.Duration(window),
        };
        if (degraded)
        {
            return new ReconcileResult(status, new ReconcileOutcome.Waiting(ReplicasDegraded, DegradedMessage(applied, ready, needed, notReadySince!.Value), AnalysisPoll));
        }
        return new ReconcileResult(status, Outcome(deployment, plan, next, applied, replicas, target, now));
    }

    public const string ReplicasDegraded = "ReplicasDegraded";

    /// <summary>The replicas that must answer ready: min replicas (at least 1), or fewer while the autoscaler asks for fewer.</summary>
    private static int Needed(Deployment deployment, int replicas) => Math.Max(1, Math.Min(replicas, deployment.Spec.Replicas?.Min ?? 1));

    private static string DegradedMessage(ServingState? applied, int ready, int needed, DateTimeOffset since)
    {
        var failing = applied?.Replicas.Where(r => !r.Ready).Select(r => $"{r.Name} ({r.Restarts} restarts{(r.Message is { } m ? $": {m}" : "")})") ?? [];
        return $"{ready}/{needed} replicas ready since {since:HH:mm:ss}; not ready: {string.Join("; ", failing)}";
    }

    private static ReconcileOutcome Outcome(Deployment deployment, RolloutPlan plan, RolloutState next, ServingState? applied, int replicas, string? target, DateTimeOffset now)
    {
        if (next.Stable is null)
        {
            return new ReconcileOutcome.Waiting("NoApprovedVersion", target is null
                ? $"Model {deployment.Spec.ModelRef.Name} has no approved version to serve yet"
                : $"version {target} is not registered", TimeSpan.FromSeconds(30));
        }
        var ready = applied?.ReadyReplicas ?? 0;
        var needed = Needed(deployment, replicas);
        if (ready < needed)
        {
            return new ReconcileOutcome.Progressing("ReplicasNotReady", $"{ready}/{replicas} replicas ready with {next.Stable} loaded", AnalysisPoll);
        }
        return plan.Decision switch
        {
            RolloutDecision.WaitPause pause => new ReconcileOutcome.Progressing(ConditionReasons.Progressing,
                $"canary {next.Canary} at {next.Weight}% (step {next.Step + 1}), paused until {pause.Until:HH:mm:ss}", Max(pause.Until - now, AnalysisPoll)),
            RolloutDecision.WaitForData data => new ReconcileOutcome.Progressing(ConditionReasons.Progressing,
                deployment.Spec.Rollout?.Shadow == true
                    ? $"shadow {next.Canary} (step {next.Step + 1}): {data.Requests}/{data.Needed} mirrored requests run, waiting for enough to judge"
                    : $"canary {next.Canary} at {next.Weight}%: {data.Requests}/{data.Needed} requests seen, waiting for enough to judge", AnalysisPoll),
            _ when next.Canary is not null => new ReconcileOutcome.Progressing(ConditionReasons.Progressing,
                $"canary {next.Canary} at {next.Weight}% (step {next.Step + 1})", AnalysisPoll),
            _ => new ReconcileOutcome.Succeeded(SteadyPoll),
        };
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task<List<RolloutHistoryEntry>?> RecordDecisionAsync(Deployment deployment, RolloutDecision decision, List<RolloutHistoryEntry>? history, DateTimeOffset now, CancellationToken ct)
    {
        (string Reason, string? Version, string Message, EventSeverity Type)? entry = decision switch
        {
            RolloutDecision.Replace r => ("Serving", r.Version, $"serving {r.Version} as stable", EventSeverity.Normal),
            RolloutDecision.StartCanary s => ("CanaryStarted", s.Version, $"canary {s.Version} started at {s.Weight}%", EventSeverity.Normal),
            RolloutDecision.SetWeight w => ("CanaryStep", null, $"canary moved to step {w.Step + 1} at {w.Weight}%", EventSeverity.Normal),
            RolloutDecision.Promote p => (ConditionReasons.Promoted, p.Version, $"{p.Version} promoted to stable", EventSeverity.Normal),
            RolloutDecision.Abort a => (ConditionReasons.RolledBack, a.Version, $"{a.Version} rolled back: {a.Reason}", EventSeverity.Warning),
            _ => null,
        };
        if (entry is not { } e) return history;
        await events.RecordAsync(deployment, e.Type, e.Reason, e.Message, ct);
        var list = new List<RolloutHistoryEntry>(history ?? []) { new() { Time = now, Decision = e.Reason, Version = e.Version, Message = Truncate(e.Message, 1024) } };
        return list.Count > 20 ? list[^20..] : list;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    /// <summary>
    /// Replicas from the metric's load (the HPA's algorithm): in-flight requests, or the request rate from the
    /// counters sampled at each reconcile. Recommendations and samples are remembered in memory, as the HPA does.
    /// </summary>
    private int ReplicaCount(Deployment deployment, ServingTraffic traffic, DeploymentStatus previous, DateTimeOffset now)
    {
        var key = ObjectKey.Of(deployment);
        var (rate, counts) = RequestRate.Next(_requestCounts.GetValueOrDefault(key) ?? [], new RequestCount(now, traffic.RequestsByReplica));
        _requestCounts[key] = counts;
        double? load = deployment.Spec.Autoscaling?.Metric == AutoscalingMetric.RequestsPerSecond ? rate : traffic.InFlight;
        var history = _scaleHistory.GetValueOrDefault(key) ?? [];
        var plan = ReplicaAutoscaler.Plan(new ScaleInput(deployment.Spec.Replicas, deployment.Spec.Autoscaling,
            previous.Replicas ?? deployment.Spec.Replicas?.Min ?? 1, load, history, now));
        _scaleHistory[key] = plan.History;
        return Math.Max(1, plan.Replicas);
    }

    private static ModelVersion? Find(IReadOnlyList<ModelVersion> versions, string name) =>
        VersionNames.Parse(name) is { } n ? versions.FirstOrDefault(v => v.Spec.Version == n) : null;

    private static string BundleVersionOf(ModelVersion version) => version.Spec.Lineage.BundleVersion ?? VersionNames.Of(version.Spec.Version);

    private static ServedBundle Served(ModelVersion version) => new(BundleVersionOf(version), new Uri(version.Spec.Artifact.Uri).LocalPath);
}
