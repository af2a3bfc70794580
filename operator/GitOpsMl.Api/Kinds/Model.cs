using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

[Kind("Model", "models", "mdl")]
[Description("A registered model: the quality gates every version must pass, promotion and retention.")]
[PrinterColumn("Latest", "string", ".status.latestVersion", Order = 1)]
[PrinterColumn("Approved", "string", ".status.latestApprovedVersion", Order = 2)]
[PrinterColumn("Production", "string", ".status.productionVersion", Order = 3)]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Order = 4)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 5)]
public sealed record Model : CustomResource<ModelSpec, ModelStatus>
{
    public override string Kind { get; init; } = "Model";
}

public sealed record ModelStatus : ResourceStatus
{
    // Value equality (lists and dictionaries by content): a status diff decides whether to write.
    public bool Equals(ModelStatus? other) => StatusEquality.Same(this, other);

    public override int GetHashCode() => StatusEquality.HashOf(this);

    [Description("The highest registered version, e.g. v7, whatever its phase.")]
    public string? LatestVersion { get; init; }
    [Description("The highest approved version: what a Deployment with version policy latestApproved rolls out.")]
    public string? LatestApprovedVersion { get; init; }
    [Description("The version a Deployment serves as stable (several, comma-separated, when Deployments serve different ones); moved by the Deployment, not by the Model. maxRegression gates compare with it.")]
    public string? ProductionVersion { get; init; }
    [Description("Registered versions that are not retired.")]
    public int? VersionCount { get; init; }
}

public enum PromotionPolicy { Auto, Manual }

public sealed record ModelSpec : IHasCelRules<ModelSpec>
{
    public static IReadOnlyList<CelRule<ModelSpec>> CelRules { get; } =
    [
        new("!has(self.approvedVersions) || (has(self.promotion) && self.promotion == 'manual')", "approvedVersions applies only to promotion manual",
            m => m.ApprovedVersions is null || m.Promotion == PromotionPolicy.Manual) { FieldPath = ".approvedVersions" },
    ];

    [MaxLength(4096), Description("Free text for people: what the model predicts, for whom, who owns it. The operator does not read it.")]
    public string? Description { get; init; }

    [MaxItems(64), Description("Every gate must pass for a version to be approved; a failed gate rejects it, and a verdict once given is not revisited. No gates: every version passes.")]
    public List<GateSpec>? Gates { get; init; }

    [Default("auto"), Description("auto approves versions that pass the gates; manual also needs the version listed in approvedVersions.")]
    public PromotionPolicy? Promotion { get; init; }

    [MaxItems(1000), UniqueItems, Description("Manual promotion: version numbers approved by a reviewed commit.")]
    public List<int>? ApprovedVersions { get; init; }

    [Description("Which old versions keep their artifacts.")]
    public RetentionSpec? Retention { get; init; }
}

public sealed record GateSpec : IHasCelRules<GateSpec>
{
    [Required, MinLength(1), MaxLength(64), Description("A metric the task produces: auc, accuracy, f1, rmse, ...")]
    public string Metric { get; init; } = "";

    [Description("Lowest acceptable test value, inclusive; only for metrics where higher is better (auc, accuracy, f1, r2...).")] public double? Min { get; init; }
    [Description("Highest acceptable test value, inclusive; only for metrics where lower is better (logLoss, rmse, mae, mape, wape).")] public double? Max { get; init; }

    [Minimum(0), Description("Largest allowed loss against the production version, in the metric's units and its direction (a drop for auc, a rise for rmse). Not judged while no version is in production.")]
    public double? MaxRegression { get; init; }

    [Description("The version must do at least as well as the linear baseline trained beside it. A run that trains no baseline (algorithm linear, or baseline.enabled false) fails it; validate says so beforehand.")]
    public bool? BeatsBaseline { get; init; }

    [Description("Apply the gate per slice instead of overall.")]
    public SliceSelector? Slice { get; init; }

    public static IReadOnlyList<CelRule<GateSpec>> CelRules { get; } =
    [
        new("[has(self.min), has(self.max), has(self.maxRegression), has(self.beatsBaseline)].filter(x, x).size() == 1",
            "exactly one of min, max, maxRegression or beatsBaseline must be set",
            g => new[] { g.Min is not null, g.Max is not null, g.MaxRegression is not null, g.BeatsBaseline is not null }.Count(x => x) == 1),
        // metrics.json has the baseline's metrics overall only; a per-slice baseline gate could never be judged.
        new("!has(self.beatsBaseline) || !has(self.slice)", "beatsBaseline compares overall metrics and cannot be applied per slice",
            g => g.BeatsBaseline is null || g.Slice is null) { FieldPath = ".slice" },
    ];
}

public sealed record SliceSelector
{
    [Required, Description("Slice column (listed in the training job's evaluation.slices).")]
    public string Column { get; init; } = "";
    [Description("One value of the column; omitted means every slice of the column must pass.")]
    public string? Value { get; init; }

    /// <summary>The default of <see cref="MinRows"/>, which the gate evaluator applies when the field is absent.</summary>
    public const int DefaultMinRows = 30;

    [Default(DefaultMinRows), Minimum(1), Description("Slices with fewer test rows are reported as not judged instead of failing: their metrics are too noisy to gate on.")]
    public int? MinRows { get; init; }
}

public sealed record RetentionSpec
{
    [Default(10), Minimum(1), Maximum(1000), Description("The newest versions kept whatever their phase. An older version that is not approved and not served (stable or canary) by a Deployment is retired: its artifacts are deleted and it can no longer be served.")]
    public int? KeepLast { get; init; }
}
