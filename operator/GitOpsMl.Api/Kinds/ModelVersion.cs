using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

[Kind("ModelVersion", "modelversions", "mv", OperatorOwned = true)]
[Description("An immutable, registered model version. Created by the operator from a successful training run, never by users.")]
[PrinterColumn("Model", "string", ".spec.modelRef.name", Order = 1)]
[PrinterColumn("Version", "integer", ".spec.version", Order = 2)]
[PrinterColumn("Phase", "string", ".status.phase", Order = 3)]
[PrinterColumn("Commit", "string", ".spec.lineage.gitCommit", Priority = 1, Order = 4)]
[PrinterColumn("SHA256", "string", ".spec.artifact.sha256", Priority = 1, Order = 5)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 6)]
public sealed record ModelVersion : CustomResource<ModelVersionSpec, ModelVersionStatus>
{
    public override string Kind { get; init; } = "ModelVersion";
}

public sealed record ModelVersionSpec : IHasCelRules<ModelVersionSpec>
{
    [Required] public LocalObjectReference ModelRef { get; init; } = new();
    [Required, Minimum(1)] public int Version { get; init; }
    [Required] public LocalObjectReference TrainingJobRef { get; init; } = new();
    [Required] public ArtifactRef Artifact { get; init; } = new();
    [Required] public PredictionTask Task { get; init; }
    public Dictionary<string, double>? Metrics { get; init; }
    public Dictionary<string, double>? BaselineMetrics { get; init; }
    [Description("slice (column=value) → metric → value.")]
    public Dictionary<string, Dictionary<string, double>>? SliceMetrics { get; init; }
    [Description("slice (column=value) → test rows in the slice; slice gates skip slices below their minRows.")]
    public Dictionary<string, int>? SliceRows { get; init; }
    [Required] public LineageSpec Lineage { get; init; } = new();

    public static IReadOnlyList<CelRule<ModelVersionSpec>> CelRules { get; } =
    [
        new("self == oldSelf", "a ModelVersion is immutable", _ => true),
    ];
}

public sealed record LineageSpec
{
    public string? GitCommit { get; init; }
    [Pattern(Patterns.Sha256, Patterns.Sha256Expected)] public string? DatasetSha256 { get; init; }
    public string? FeatureSetHash { get; init; }
    public string? SpecHash { get; init; }
    public long? Seed { get; init; }
    public string? Device { get; init; }
    public string? TorchSharpVersion { get; init; }
    public string? OnnxRuntimeVersion { get; init; }
    [Description("Hyperparameters as trained, after defaults.")]
    public Dictionary<string, string>? Hyperparameters { get; init; }
    [Description("The bundle's content-derived version id: what the inference server reports in x-model-version.")]
    public string? BundleVersion { get; init; }
}

public enum ModelVersionPhase { Candidate, Approved, Rejected, Retired }

public sealed record ModelVersionStatus : ResourceStatus
{
    // Value equality (lists and dictionaries by content): a status diff decides whether to write.
    public bool Equals(ModelVersionStatus? other) => StatusEquality.Same(this, other);

    public override int GetHashCode() => StatusEquality.HashOf(this);

    public ModelVersionPhase? Phase { get; init; }
    public List<GateResult>? GateResults { get; init; }
}

public enum GateVerdict { Passed, Failed, NotJudged }

public sealed record GateResult
{
    [Required, Description("The gate as written: metric, kind and bound, e.g. \"auc min 0.75\".")]
    public string Gate { get; init; } = "";
    [Required, Description("False only for verdict Failed: a slice too small to judge does not fail the version.")]
    public bool Passed { get; init; }
    public GateVerdict? Verdict { get; init; }
    [Description("The slice (column=value) this result is for; absent for an overall gate.")]
    public string? Slice { get; init; }
    [Description("Test rows in the slice.")]
    public int? Rows { get; init; }
    [Description("The candidate's value of the metric.")]
    public double? Value { get; init; }
    [Description("The bound the value was held to: min, max, production value minus maxRegression, or the baseline's value.")]
    public double? Threshold { get; init; }
    [Description("What the value was compared with: the production version's or the baseline's value.")]
    public double? Reference { get; init; }
    public string? Message { get; init; }
}
