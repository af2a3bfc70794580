using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

[Kind("Deployment", "deployments", "mldeploy", "mld")]
[Description("Serves approved versions of a Model as autoscaled ONNX inference pods, rolling new versions out through canary steps.")]
[PrinterColumn("Model", "string", ".spec.modelRef.name", Order = 1)]
[PrinterColumn("Stable", "string", ".status.stableVersion", Order = 2)]
[PrinterColumn("Canary", "string", ".status.canaryVersion", Order = 3)]
[PrinterColumn("Weight", "integer", ".status.canaryWeight", Order = 4)]
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

    public string? StableVersion { get; init; }
    public string? CanaryVersion { get; init; }
    public int? CanaryWeight { get; init; }
    public int? CurrentStep { get; init; }
    public RolloutPhase? Phase { get; init; }
    public int? ReadyReplicas { get; init; }
    public string? Url { get; init; }
    [Description("Why the last rollout was rolled back; kept until git changes the Deployment.")]
    public string? RollbackReason { get; init; }
    [Description("Replicas the autoscaler asks for now (between replicas.min and replicas.max).")]
    public int? Replicas { get; init; }
    [Description("When the current canary step began (its pause counts from here).")]
    public DateTimeOffset? StepStartedAt { get; init; }
    [Description("The version the last rollout aborted; not retried until the Deployment's generation changes.")]
    public string? AbortedVersion { get; init; }
    public long? AbortedGeneration { get; init; }
    [MaxItems(20), Description("The latest rollout decisions, newest last.")]
    public List<RolloutHistoryEntry>? History { get; init; }
}

/// <summary>One rollout decision as an SRE reads it in status.</summary>
public sealed record RolloutHistoryEntry
{
    [Required] public DateTimeOffset Time { get; init; }
    [Required, MaxLength(64)] public string Decision { get; init; } = "";
    [MaxLength(64)] public string? Version { get; init; }
    [MaxLength(1024)] public string? Message { get; init; }
}

public sealed record DeploymentSpec
{
    [Required] public LocalObjectReference ModelRef { get; init; } = new();
    public VersionSelector? Version { get; init; }
    public ReplicasSpec? Replicas { get; init; }
    public AutoscalingSpec? Autoscaling { get; init; }
    public BatchingSpec? Batching { get; init; }
    public RolloutSpec? Rollout { get; init; }
    public ResourcesSpec? Resources { get; init; }
}

public enum VersionPolicy { LatestApproved, Pinned }

public sealed record VersionSelector : IHasCelRules<VersionSelector>
{
    [Default("latestApproved")] public VersionPolicy? Policy { get; init; }
    [Minimum(1), Description("The version served with policy pinned.")] public int? Pinned { get; init; }

    public static IReadOnlyList<CelRule<VersionSelector>> CelRules { get; } =
    [
        new("(has(self.policy) && self.policy == 'pinned') == has(self.pinned)", "policy pinned needs pinned, and pinned needs policy pinned",
            v => (v.Policy == VersionPolicy.Pinned) == (v.Pinned is not null)) { FieldPath = ".pinned" },
    ];
}

public sealed record ReplicasSpec : IHasCelRules<ReplicasSpec>
{
    [Default(1), Minimum(0), Maximum(1000)] public int? Min { get; init; }
    [Default(1), Minimum(1), Maximum(1000)] public int? Max { get; init; }

    public static IReadOnlyList<CelRule<ReplicasSpec>> CelRules { get; } =
    [
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

public sealed record AutoscalingSpec
{
    [Default("concurrency")] public AutoscalingMetric? Metric { get; init; }
    [Required, Minimum(0, Exclusive = true), Description("Target per replica: CPU percent, in-flight requests or requests per second.")]
    public double Target { get; init; }
}

public sealed record BatchingSpec
{
    [Default(32), Minimum(1), Maximum(4096)] public int? MaxBatchSize { get; init; }
    [Default("2ms"), Pattern(Patterns.Duration, Patterns.DurationExpected)] public string? MaxDelay { get; init; }
    [Default(1024), Minimum(1), Maximum(1000000), Description("Queued requests beyond this get 429 with Retry-After.")]
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

    public CanarySpec? Canary { get; init; }
    [Default(false), Description("Mirror a copy of traffic to the new version off the response path before shifting weight.")]
    public bool? Shadow { get; init; }
}

public sealed record CanarySpec : IHasCelRules<CanarySpec>
{
    [Required, MinItems(1), MaxItems(16)] public List<CanaryStep> Steps { get; init; } = [];
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
    [Required, Minimum(1), Maximum(100), Description("Percent of traffic sent to the new version.")]
    public int Weight { get; init; }
    [Default("0s"), Pattern(Patterns.Duration, Patterns.DurationExpected), Description("How long analysis must pass before the next step.")]
    public string? Pause { get; init; }
}

public sealed record AnalysisSpec
{
    [Minimum(0), Maximum(1), Description("Largest error rate of the canary.")] public double? MaxErrorRate { get; init; }
    [Minimum(0, Exclusive = true), Description("Largest p99 latency of the canary in milliseconds.")] public double? MaxP99LatencyMs { get; init; }
    [Minimum(0), Maximum(1), Description("Shadow: smallest agreement between canary and stable predictions.")] public double? MinAgreement { get; init; }
    [Default(100), Minimum(1), Description("Requests the canary must have seen before a step is judged.")] public int? MinRequests { get; init; }
}
