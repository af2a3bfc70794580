using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

[Kind("Monitor", "monitors", "mon")]
[Description("Watches a Deployment for data drift, prediction drift and live quality, and acts on a breach.")]
[PrinterColumn("Deployment", "string", ".spec.deploymentRef.name", Order = 1)]
[PrinterColumn("Drifting", "string", ".status.conditions[?(@.type==\"Drifting\")].status", Order = 2)]
[PrinterColumn("Worst", "string", ".status.worstFeature", Order = 3)]
[PrinterColumn("Samples", "integer", ".status.samples", Priority = 1, Order = 4)]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Order = 5)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 6)]
public sealed record Monitor : CustomResource<MonitorSpec, MonitorStatus>
{
    public override string Kind { get; init; } = "Monitor";
}

public sealed record MonitorStatus : ResourceStatus
{
    // Value equality (lists and dictionaries by content): a status diff decides whether to write.
    public bool Equals(MonitorStatus? other) => StatusEquality.Same(this, other);

    public override int GetHashCode() => StatusEquality.HashOf(this);

    public DateTimeOffset? LastEvaluated { get; init; }
    public long? Samples { get; init; }
    public string? WorstFeature { get; init; }
    [Description("feature → drift score of the last window.")]
    public Dictionary<string, double>? FeatureScores { get; init; }
    public int? ConsecutiveBreaches { get; init; }
    [Description("Consecutive windows whose live quality broke the quality threshold.")]
    public int? QualityBreaches { get; init; }
    [Description("The model version whose traffic the last window judged.")]
    public string? Version { get; init; }
    public Dictionary<string, double>? LiveMetrics { get; init; }
}

public sealed record MonitorSpec
{
    [Required] public LocalObjectReference DeploymentRef { get; init; } = new();
    [Default("1m"), Pattern(Patterns.Duration, Patterns.DurationExpected)] public string? Interval { get; init; }
    public DriftSpec? Drift { get; init; }
    public PredictionDriftSpec? PredictionDrift { get; init; }
    public LiveQualitySpec? Quality { get; init; }
    public MonitorActions? Actions { get; init; }
}

public enum DriftMethod { Psi, Ks, ChiSquare, JensenShannon, Wasserstein }

public sealed record DriftSpec
{
    [Default("psi")] public DriftMethod? Method { get; init; }
    [Default(0.2), Minimum(0, Exclusive = true), Description("Score above which a window breaches.")]
    public double? Threshold { get; init; }
    [MaxItems(1000), UniqueItems, ItemMaxLength(256), Description("Features watched; empty means all.")] public List<string>? Features { get; init; }
    [Default("1h"), Pattern(Patterns.Duration, Patterns.DurationExpected)] public string? Window { get; init; }
    [Default(500), Minimum(1), Description("Windows with fewer samples are not judged.")] public int? MinSamples { get; init; }
    [Default(3), Minimum(1), Maximum(100), Description("Breaches needed in a row before acting.")] public int? ConsecutiveWindows { get; init; }
}

public sealed record PredictionDriftSpec
{
    [Default("psi")] public DriftMethod? Method { get; init; }
    [Default(0.2), Minimum(0, Exclusive = true)] public double? Threshold { get; init; }
}

public sealed record LiveQualitySpec : IHasCelRules<LiveQualitySpec>
{
    [Required, Description("Metric computed from label feedback, e.g. auc, accuracy, rmse.")] public string Metric { get; init; } = "";
    public double? Min { get; init; }
    public double? Max { get; init; }
    [Default(200), Minimum(1)] public int? MinSamples { get; init; }

    public static IReadOnlyList<CelRule<LiveQualitySpec>> CelRules { get; } =
    [
        new("has(self.min) != has(self.max)", "exactly one of min or max must be set", q => (q.Min is null) != (q.Max is null)),
    ];
}

public enum MonitorAction { Alert, BlockPromotion, Rollback, Retrain }

public sealed record MonitorActions : IHasCelRules<MonitorActions>
{
    [Default("alert")] public MonitorAction? OnDrift { get; init; }
    [Default("alert")] public MonitorAction? OnQualityBreach { get; init; }
    [Description("TrainingJob re-run by action retrain.")] public LocalObjectReference? RetrainJobRef { get; init; }

    public static IReadOnlyList<CelRule<MonitorActions>> CelRules { get; } =
    [
        // Local to the object, so it belongs in the CRD: kubectl must not accept a retrain the controller cannot run.
        new("!((has(self.onDrift) && self.onDrift == 'retrain') || (has(self.onQualityBreach) && self.onQualityBreach == 'retrain')) || has(self.retrainJobRef)",
            "action retrain needs retrainJobRef: the TrainingJob to run again",
            a => (a.OnDrift != MonitorAction.Retrain && a.OnQualityBreach != MonitorAction.Retrain) || a.RetrainJobRef is not null)
        {
            FieldPath = ".retrainJobRef",
            Explain = a => new[] { (Path: ".onDrift", Action: a.OnDrift), (Path: ".onQualityBreach", Action: a.OnQualityBreach) }
                .Where(x => x.Action == MonitorAction.Retrain)
                .Select(x => new CelViolation(x.Path, "action retrain needs retrainJobRef: the TrainingJob to run again")),
        },
    ];
}
