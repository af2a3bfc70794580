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

    [Description("When the last window was judged; the next is due interval later.")]
    public DateTimeOffset? LastEvaluated { get; init; }
    [Description("Served rows in the last window, over all replicas.")]
    public long? Samples { get; init; }
    [Description("The feature (or predictions) furthest above its threshold, relative to it, in the last window.")]
    public string? WorstFeature { get; init; }
    [Description("feature → drift score of the last window.")]
    public Dictionary<string, double>? FeatureScores { get; init; }
    [Description("Consecutive windows whose drift broke its threshold; Drifting turns True at drift.consecutiveWindows. A window not judged leaves it as it was.")]
    public int? ConsecutiveBreaches { get; init; }
    [Description("When the latest drift breach in consecutiveBreaches was counted; a breach counts again only a full window later.")]
    public DateTimeOffset? BreachCountedAt { get; init; }
    [Description("Consecutive windows whose live quality broke the quality threshold.")]
    public int? QualityBreaches { get; init; }
    [Description("When the latest quality breach in qualityBreaches was counted; a breach counts again only a full window later.")]
    public DateTimeOffset? QualityBreachCountedAt { get; init; }
    [Description("The model version whose traffic the last window judged.")]
    public string? Version { get; init; }
    [Description("metric → value from label feedback on the last window's predictions (binary: auc, accuracy, logLoss; multiclass: accuracy, logLoss; regression: rmse, mae).")]
    public Dictionary<string, double>? LiveMetrics { get; init; }
}

public sealed record MonitorSpec
{
    [Required, Description("The Deployment whose traffic is watched. Of its stable and canary versions, the one with more traffic in the window is judged, against its own training profile.")]
    public LocalObjectReference DeploymentRef { get; init; } = new();

    [Default("1m"), Pattern(Patterns.Duration, Patterns.DurationExpected)]
    [Description("How often the Deployment's statistics window is looked at. Each look covers the replicas' sliding window (drift.window), so looks closer together than that overlap: a look can clear a breach at once, but extends one only a full window after the breach last counted.")]
    public string? Interval { get; init; }

    [Description("Input drift: each feature's distribution in served requests against the training split's.")]
    public DriftSpec? Drift { get; init; }

    [Description("Output drift: the model's predictions (scores for binary and regression, predicted classes for multiclass) against its predictions on the test split. Judged with drift's minSamples and consecutiveWindows.")]
    public PredictionDriftSpec? PredictionDrift { get; init; }

    [Description("Live quality: a metric computed from label feedback on served predictions, held to min or max.")]
    public LiveQualitySpec? Quality { get; init; }

    [Description("What to do while drift or a quality breach holds; both default to alert.")]
    public MonitorActions? Actions { get; init; }
}

public enum DriftMethod { Psi, Ks, ChiSquare, JensenShannon, Wasserstein }

public sealed record DriftSpec
{
    /// <summary>What each drift method scores; shared by drift.method and predictionDrift.method.</summary>
    internal const string MethodText = "How a live distribution is compared with the training one; every score is 0 for identical distributions and grows with drift. "
        + "psi: population stability index (0.1 a small, 0.2 a significant shift); ks: largest gap between the cumulative distributions, in [0, 1]; "
        + "chiSquare: Pearson's chi-square per live row, weighted by the training proportions; jensenShannon: Jensen-Shannon divergence in bits, in [0, 1]; "
        + "wasserstein: earth mover's distance in training standard deviations.";

    [Default("psi"), Description(MethodText)]
    public DriftMethod? Method { get; init; }
    [Default(0.2), Minimum(0, Exclusive = true), Description("A feature scoring above it breaches the window. Its scale depends on method: 0.2 is a significant shift for psi, ks and jensenShannon scores lie in [0, 1].")]
    public double? Threshold { get; init; }
    [MaxItems(1000), UniqueItems, ItemMaxLength(256), Description("Features watched; empty means all.")] public List<string>? Features { get; init; }
    [Default("1h"), Pattern(Patterns.Duration, Patterns.DurationExpected)]
    [Description("Span of served traffic a window covers: the Deployment's replicas keep a sliding window this long (with several Monitors on one Deployment, the longest of their windows; changing it restarts the replicas, which empties their windows). Consecutive windows do not overlap.")]
    public string? Window { get; init; }
    [Default(500), Minimum(1), Description("Windows with fewer served rows are not judged: they neither clear nor extend a breach. Applies to predictionDrift too.")] public int? MinSamples { get; init; }
    [Default(3), Minimum(1), Maximum(100), Description("Breaches needed in disjoint windows in a row before Drifting turns True and the action runs: a breach counts once a full window has passed since the last one counted (e.g. 3 with window 1h: breaching for 2 hours), and any look without breach clears the count. Quality breaches use the same count.")] public int? ConsecutiveWindows { get; init; }
}

public sealed record PredictionDriftSpec
{
    [Default("psi"), Description(DriftSpec.MethodText)]
    public DriftMethod? Method { get; init; }
    [Default(0.2), Minimum(0, Exclusive = true), Description("A prediction drift score above it breaches the window, like a feature's.")]
    public double? Threshold { get; init; }
}

public sealed record LiveQualitySpec : IHasCelRules<LiveQualitySpec>
{
    [Required, Description("Metric computed from label feedback, e.g. auc, accuracy, rmse.")] public string Metric { get; init; } = "";
    [Description("Lowest acceptable live value, for metrics where higher is better (auc, accuracy); exactly one of min or max.")]
    public double? Min { get; init; }
    [Description("Highest acceptable live value, for metrics where lower is better (logLoss, rmse, mae); exactly one of min or max.")]
    public double? Max { get; init; }
    [Default(200), Minimum(1), Description("Labelled predictions a window needs to be judged; a window with fewer neither clears nor extends a breach.")]
    public int? MinSamples { get; init; }

    public static IReadOnlyList<CelRule<LiveQualitySpec>> CelRules { get; } =
    [
        new("has(self.min) != has(self.max)", "exactly one of min or max must be set", q => (q.Min is null) != (q.Max is null)),
    ];
}

public enum MonitorAction { Alert, BlockPromotion, Rollback, Retrain }

public sealed record MonitorActions : IHasCelRules<MonitorActions>
{
    /// <summary>What each action does; shared by onDrift and onQualityBreach.</summary>
    private const string ActionText = "What to do while the condition holds. alert: a warning event when the breach begins. "
        + "blockPromotion: the Deployment keeps serving what it serves (a canary already running goes on under analysis). "
        + "rollback: aborts a running canary, or else moves stable back to the newest older approved version, not retried until the Deployment changes; it also blocks promotion. "
        + "retrain: asks retrainJobRef for a new run on the current data when the breach begins; its version passes the Model's gates as any other.";

    [Default("alert"), Description(ActionText + " For Drifting.")]
    public MonitorAction? OnDrift { get; init; }
    [Default("alert"), Description(ActionText + " For QualityBreached.")]
    public MonitorAction? OnQualityBreach { get; init; }
    [Description("TrainingJob re-run by action retrain: a new run on the current data, asked once when the breach begins.")] public LocalObjectReference? RetrainJobRef { get; init; }

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
