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

public sealed record GateResult
{
    [Required] public string Gate { get; init; } = "";
    [Required] public bool Passed { get; init; }
    public double? Value { get; init; }
    public string? Message { get; init; }
}
