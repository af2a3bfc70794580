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

    public string? LatestVersion { get; init; }
    public string? LatestApprovedVersion { get; init; }
    [Description("The version a Deployment serves as stable; moved by the Deployment, not by the Model.")]
    public string? ProductionVersion { get; init; }
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

    [MaxLength(4096)] public string? Description { get; init; }

    [MaxItems(64), Description("Every gate must pass for a version to be approved.")]
    public List<GateSpec>? Gates { get; init; }

    [Default("auto"), Description("auto approves versions that pass the gates; manual also needs the version listed in approvedVersions.")]
    public PromotionPolicy? Promotion { get; init; }

    [MaxItems(1000), UniqueItems, Description("Manual promotion: version numbers approved by a reviewed commit.")]
    public List<int>? ApprovedVersions { get; init; }

    public RetentionSpec? Retention { get; init; }
}

public sealed record GateSpec : IHasCelRules<GateSpec>
{
    [Required, MinLength(1), MaxLength(64), Description("A metric the task produces: auc, accuracy, f1, rmse, ...")]
    public string Metric { get; init; } = "";

    [Description("Lowest acceptable value.")] public double? Min { get; init; }
    [Description("Highest acceptable value.")] public double? Max { get; init; }

    [Minimum(0), Description("Largest allowed loss against the production version, in the metric's units.")]
    public double? MaxRegression { get; init; }

    [Description("The version must do at least as well as the linear baseline trained beside it.")]
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
    [Default(10), Minimum(1), Maximum(1000), Description("Versions kept besides those approved or in production.")]
    public int? KeepLast { get; init; }
}
