using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

[Kind("Deployment", "deployments", "mldeploy", "mld")]
[Description("Serves approved versions of a Model as autoscaled ONNX inference pods, rolling new versions out through canary steps.")]
[PrinterColumn("Model", "string", ".spec.modelRef.name", Order = 1)]
[PrinterColumn("Stable", "string", ".status.stableVersion", Order = 2)]
[PrinterColumn("Canary", "string", ".status.canaryVersion", Order = 3)]
[PrinterColumn("Weight", "integer", ".status.canaryWeight", Order = 4)]
[PrinterColumn("Routed", "integer", ".status.routedCanaryWeight", Priority = 1, Order = 4)]
[PrinterColumn("Phase", "string", ".status.phase", Order = 5)]
[PrinterColumn("Replicas", "integer", ".status.readyReplicas", Priority = 1, Order = 6)]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Order = 7)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 8)]
public sealed record Deployment : CustomResource<DeploymentSpec, DeploymentStatus>
{
    public override string Kind { get; init; } = "Deployment";
}

public enum RolloutPhase { Progressing, Paused, Healthy, Degraded, RolledBack }

public sealed record DeploymentStatus : ResourceStatus
{
    // Value equality (lists and dictionaries by content): a status diff decides whether to write.
    public bool Equals(DeploymentStatus? other) => StatusEquality.Same(this, other);

    public override int GetHashCode() => StatusEquality.HashOf(this);

    [Description("The version answering requests by default, e.g. v3; the Model's productionVersion follows it.")]
    public string? StableVersion { get; init; }
    [Description("The version being rolled out, while a canary is under way.")]
    public string? CanaryVersion { get; init; }
    [Description("Percent of requests the canary answers now: its current step's weight.")]
    public int? CanaryWeight { get; init; }
    [Description("Percent of requests the canary answers on every ready replica, as the servers report it at the last look (the lowest over replicas): it trails canaryWeight by the time the servers take to reload their routing, about a second. Unset when no replica reports yet.")]
    public int? RoutedCanaryWeight { get; init; }
    [Description("Index of the canary's current step in spec.rollout.canary.steps, counting from 0 (messages count from 1).")]
    public int? CurrentStep { get; init; }
    [Description("healthy (stable serves, no canary), progressing (a canary moving on or waiting for enough requests), paused (inside a step's pause), rolledBack (the last rollout was aborted, or a Monitor rolled stable back; rollbackReason says why) or degraded (after serving, fewer replicas than needed have been ready for over 60s, e.g. crash-looping: Ready is False with reason ReplicasDegraded; a rolledBack phase is kept and the Ready condition says it).")]
    public RolloutPhase? Phase { get; init; }
    [Description("Replicas that answer ready with the stable version loaded.")]
    public int? ReadyReplicas { get; init; }
    [Description("Where clients send inference requests: one address per Deployment, balanced over its replicas.")]
    public string? Url { get; init; }
    [Description("Why the last rollout was rolled back; kept until the next rollout starts.")]
    public string? RollbackReason { get; init; }
    [Description("Since when fewer replicas than needed have been ready, after the Deployment had served ready; cleared once enough are ready again. Past 60s the phase is degraded.")]
    public DateTimeOffset? NotReadySince { get; init; }
    [Description("Replicas the autoscaler asks for now (between replicas.min and replicas.max).")]
    public int? Replicas { get; init; }
    [Description("When the current canary step began (its pause counts from here).")]
    public DateTimeOffset? StepStartedAt { get; init; }
    [Description("The version the last rollout aborted; not retried until the Deployment's generation changes.")]
    public string? AbortedVersion { get; init; }
    [Description("The metadata.generation under which abortedVersion was aborted; a change to the Deployment lets that version be tried again.")]
    public long? AbortedGeneration { get; init; }
    [Description("Span of traffic the replicas' statistics window covers, e.g. 1h: the longest drift.window of the Monitors watching this Deployment (1h without one). Monitors judge this window.")]
    public string? StatisticsWindow { get; init; }
    [MaxItems(20), Description("The latest rollout decisions, newest last.")]
    public List<RolloutHistoryEntry>? History { get; init; }
}

/// <summary>One rollout decision as an SRE reads it in status.</summary>
public sealed record RolloutHistoryEntry
{
    [Required, Description("When the decision was taken.")]
    public DateTimeOffset Time { get; init; }
    [Required, MaxLength(64), Description("Serving (a version replaced stable outright), CanaryStarted, CanaryStep, Promoted or RolledBack; the same reason as the event recorded with it.")]
    public string Decision { get; init; } = "";
    [MaxLength(64), Description("The version decided on, e.g. v4; absent for a canary step.")]
    public string? Version { get; init; }
    [MaxLength(1024), Description("The decision in words, with the numbers behind an abort.")]
    public string? Message { get; init; }
}

public sealed record DeploymentSpec
{
    [Required, Description("The Model whose versions are served.")]
    public LocalObjectReference ModelRef { get; init; } = new();

    [Description("Which version to serve: the Model's latest approved (the default) or a pinned one.")]
    public VersionSelector? Version { get; init; }

    [Description("How many inference replicas run: replicas.min without autoscaling, between min and max with it.")]
    public ReplicasSpec? Replicas { get; init; }

    [Description("Scales replicas between replicas.min and replicas.max on load per replica, as the HorizontalPodAutoscaler does: ceil(load / target), unchanged within 10% of the target, scaling down only to the highest recommendation of the last 5 minutes. Without it the Deployment runs replicas.min.")]
    public AutoscalingSpec? Autoscaling { get; init; }

    [Description("How each replica merges concurrent requests into one ONNX Runtime run.")]
    public BatchingSpec? Batching { get; init; }

    [Description("How a new version replaces stable: through canary steps judged by analysis, optionally shadowed. Without canary steps it replaces stable at once.")]
    public RolloutSpec? Rollout { get; init; }

    [Description("Compute for each inference replica. The embedded control plane honours cpu only, as ONNX Runtime threads per replica; memory and gpu apply to the cluster executor, not built yet.")]
    public ResourcesSpec? Resources { get; init; }
}

public enum VersionPolicy { LatestApproved, Pinned }

public sealed record VersionSelector : IHasCelRules<VersionSelector>
{
    [Default("latestApproved"), Description("latestApproved serves the Model's highest approved version and rolls out each newly approved one (unless a Monitor blocks promotion); pinned serves the version named in pinned.")]
    public VersionPolicy? Policy { get; init; }
    [Minimum(1), Description("The version number served with policy pinned, whatever its gate verdict: pinning is the reviewed override. A retired version (its artifacts deleted) is not served.")]
    public int? Pinned { get; init; }

    public static IReadOnlyList<CelRule<VersionSelector>> CelRules { get; } =
    [
        new("(has(self.policy) && self.policy == 'pinned') == has(self.pinned)", "policy pinned needs pinned, and pinned needs policy pinned",
            v => (v.Policy == VersionPolicy.Pinned) == (v.Pinned is not null)) { FieldPath = ".pinned" },
    ];
}

public sealed record ReplicasSpec : IHasCelRules<ReplicasSpec>
{
    [Default(1), Minimum(0), Maximum(1000), Description("Fewest replicas, and the count without autoscaling; at least 1: scale to zero is not supported.")]
    public int? Min { get; init; }
    [Default(1), Minimum(1), Maximum(1000), Description("Most replicas autoscaling may run; without autoscaling it has no effect.")]
    public int? Max { get; init; }

    public static IReadOnlyList<CelRule<ReplicasSpec>> CelRules { get; } =
    [
        // Refused rather than accepted and ignored: one replica always runs while a version is served.
        new("!has(self.min) || self.min >= 1", "min replicas must be at least 1: scale to zero is not supported",
            r => r.Min is not 0) { FieldPath = ".min" },
        new("(has(self.min) ? self.min : 1) <= (has(self.max) ? self.max : 1)", "min replicas must not exceed max replicas",
            r => (r.Min ?? 1) <= (r.Max ?? 1))
        {
            FieldPath = ".min",
            MessageExpression = "'min replicas must not exceed max replicas: min ' + (has(self.min) ? " + RuleText.CelDecimal("self.min", 1000) + " : '1 (default)')"
                + " + ', max ' + (has(self.max) ? " + RuleText.CelDecimal("self.max", 1000) + " : '1 (default)')",
            Explain = r => [new(null, $"min replicas must not exceed max replicas: min {RuleText.OrDefault(r.Min, 1)}, max {RuleText.OrDefault(r.Max, 1)}")],
        },
    ];
}

public enum AutoscalingMetric { Cpu, Concurrency, RequestsPerSecond }

public sealed record AutoscalingSpec : IHasCelRules<AutoscalingSpec>
{
    public static IReadOnlyList<CelRule<AutoscalingSpec>> CelRules { get; } =
    [
        // Refused rather than scaled on another measure: the servers report no CPU use.
        new("!has(self.metric) || self.metric != 'cpu'", "metric cpu is not supported: use concurrency or requestsPerSecond",
            a => a.Metric != AutoscalingMetric.Cpu) { FieldPath = ".metric" },
    ];

    [Default("concurrency"), Description("The load measured against target: concurrency (requests in flight, sampled at each reconcile) or requestsPerSecond (answered requests per second over the interval between two reconciles, from the servers' request counters). cpu is refused: the servers do not measure CPU use.")]
    public AutoscalingMetric? Metric { get; init; }
    [Required, Minimum(0, Exclusive = true), Description("Load each replica should carry, in metric's unit: in-flight requests (concurrency) or requests per second (requestsPerSecond). E.g. 8 with 40 requests in flight asks for 5 replicas.")]
    public double Target { get; init; }
}

public sealed record BatchingSpec
{
    [Default(32), Minimum(1), Maximum(4096), Description("Most rows in one ONNX Runtime run; a request with more rows runs alone. Larger batches raise throughput under load.")]
    public int? MaxBatchSize { get; init; }
    [Default("2ms"), Pattern(Patterns.Duration, Patterns.DurationExpected)]
    [Description("Longest time the first request of a batch waits for others to join it. The wait ends as soon as no other request for the model is arriving, so a lone request is not delayed; under steady load a longer delay forms fuller batches at that much added latency.")]
    public string? MaxDelay { get; init; }
    [Default(1024), Minimum(1), Maximum(1000000), Description("Most requests queued per model version in a replica; beyond it requests get 429 with Retry-After. The ceiling only: a replica sheds sooner, before reading the body, once its queue holds about 2ms of work at its measured throughput.")]
    public int? MaxQueue { get; init; }
}

public sealed record RolloutSpec : IHasCelRules<RolloutSpec>
{
    public static IReadOnlyList<CelRule<RolloutSpec>> CelRules { get; } =
    [
        new("!has(self.canary) || !has(self.canary.analysis) || !has(self.canary.analysis.minAgreement) || (has(self.shadow) && self.shadow)",
            "analysis.minAgreement compares shadow predictions and needs shadow: true",
            r => r.Canary?.Analysis?.MinAgreement is null || r.Shadow == true) { FieldPath = ".canary.analysis.minAgreement" },
    ];

    [Description("The traffic steps a new version walks through before it becomes stable. Without it, a new version replaces stable at once.")]
    public CanarySpec? Canary { get; init; }
    [Default(false), Description("During the canary, stable answers every request and the new version gets a copy of each, off the response path, so analysis.minAgreement can compare their predictions; step weights then send it no live requests, and only pace the steps. Analysis judges a shadow on its mirrored runs: minRequests counts the mirrored requests it ran, maxErrorRate their failures, maxP99LatencyMs the latency of its successful runs (queue and run, without parsing and writing, which stable does).")]
    public bool? Shadow { get; init; }
}

public sealed record CanarySpec : IHasCelRules<CanarySpec>
{
    [Required, MinItems(1), MaxItems(16), Description("Steps with strictly ascending weights; after the last step passes, the canary is promoted to stable and answers every request (a final step of 100 is not needed).")]
    public List<CanaryStep> Steps { get; init; } = [];
    [Description("Bounds the canary must keep; once it has minRequests requests, a breach at any moment of a step aborts the rollout and leaves stable serving. A Monitor of this Deployment whose action is rollback aborts it too. Without analysis, steps advance on their pauses alone.")]
    public AnalysisSpec? Analysis { get; init; }

    public static IReadOnlyList<CelRule<CanarySpec>> CelRules { get; } =
    [
        new("self.steps.map(s, s.weight).isSorted() && self.steps.all(s, self.steps.filter(t, t.weight == s.weight).size() == 1)",
            "canary step weights must strictly ascend",
            c => c.Steps.Zip(c.Steps.Skip(1)).All(p => p.Second.Weight > p.First.Weight))
        {
            FieldPath = ".steps",
            Explain = c => c.Steps.Select((s, i) => (s.Weight, i)).Skip(1).Where(x => x.Weight <= c.Steps[x.i - 1].Weight)
                .Select(x => new CelViolation($".steps[{x.i}].weight", $"canary step weights must strictly ascend: {x.Weight} follows {c.Steps[x.i - 1].Weight}")),
        },
    ];
}

public sealed record CanaryStep
{
    [Required, Minimum(1), Maximum(100), Description("Percent of requests the new version answers during this step, chosen per request id so one id always lands on the same version.")]
    public int Weight { get; init; }
    [Default("0s"), Pattern(Patterns.Duration, Patterns.DurationExpected), Description("How long the step lasts at least; the next step then waits until analysis has minRequests canary requests and passes. 0s moves on as soon as that holds.")]
    public string? Pause { get; init; }
}

public sealed record AnalysisSpec
{
    [Minimum(0), Maximum(1), Description("Largest fraction of the canary's requests that may fail with a 5xx status, e.g. 0.01; for a shadow, of its mirrored runs that failed.")] public double? MaxErrorRate { get; init; }
    [Minimum(0, Exclusive = true), Description("Largest 99th-percentile latency of the canary's successful requests over all replicas, in milliseconds; for a shadow, of its successful mirrored runs.")] public double? MaxP99LatencyMs { get; init; }
    [Minimum(0), Maximum(1), Description("Shadow: smallest fraction of rows on which canary and stable agree (classifiers: the same class; regression: within 0.001 × max(1, |stable|)). Needs shadow: true.")] public double? MinAgreement { get; init; }
    [Default(100), Minimum(1), Description("Requests the canary must have answered (a shadow: mirrored requests it must have run) before its bounds are judged and a step may pass; until then the rollout waits (a Monitor's rollback still aborts it).")] public int? MinRequests { get; init; }
}
