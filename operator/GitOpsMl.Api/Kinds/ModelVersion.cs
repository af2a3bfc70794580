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
    [Required, Description("The Model this version belongs to, whose gates judge it.")]
    public LocalObjectReference ModelRef { get; init; } = new();
    [Required, Minimum(1), Description("Version number within the Model: 1 for the first, one more for each after; shown as v<N> in statuses.")]
    public int Version { get; init; }
    [Required, Description("The TrainingJob whose run produced it.")]
    public LocalObjectReference TrainingJobRef { get; init; } = new();
    [Required, Description("The bundle the run wrote: one ONNX graph holding the feature transforms and the network, with its metrics, training profile and manifest.")]
    public ArtifactRef Artifact { get; init; } = new();
    [Required, Description("The FeatureSet's task when it was trained: binary, multiclass or regression.")]
    public PredictionTask Task { get; init; }
    [Description("metric → value on the test split: what gates judge.")]
    public Dictionary<string, double>? Metrics { get; init; }
    [Description("metric → value of the linear baseline on the same test split; absent when none was trained. beatsBaseline gates compare with it.")]
    public Dictionary<string, double>? BaselineMetrics { get; init; }
    [Description("slice (column=value) → metric → value.")]
    public Dictionary<string, Dictionary<string, double>>? SliceMetrics { get; init; }
    [Description("slice (column=value) → test rows in the slice; slice gates skip slices below their minRows.")]
    public Dictionary<string, int>? SliceRows { get; init; }
    [Description("What the run that made it warned about although it succeeded (too few optimizer steps, no better than the trivial predictor), as in the bundle's metrics.json; absent when nothing. Also a Warning event on the TrainingJob.")]
    public List<TrainingWarning>? Warnings { get; init; }
    [Required, Description("What the version was made from, to reproduce or audit it.")]
    public LineageSpec Lineage { get; init; } = new();

    public static IReadOnlyList<CelRule<ModelVersionSpec>> CelRules { get; } =
    [
        new("self == oldSelf", "a ModelVersion is immutable", _ => true),
    ];
}

public sealed record LineageSpec
{
    [Description("The git commit the manifests came from.")]
    public string? GitCommit { get; init; }
    [Pattern(Patterns.Sha256, Patterns.Sha256Expected), Description("sha256 of the data bytes it was trained on.")]
    public string? DatasetSha256 { get; init; }
    [Description("The FeatureSet's hash: its spec and the Dataset schema it reads.")]
    public string? FeatureSetHash { get; init; }
    [Description("Hash of the data's sha256 and the Dataset, FeatureSet and TrainingJob specs: two versions with the same specHash were trained from the same inputs.")]
    public string? SpecHash { get; init; }
    [Description("The hyperparameters' seed the run used.")]
    public long? Seed { get; init; }
    [Description("The device it trained on, e.g. cpu or cuda:0; only CPU runs are bit-for-bit reproducible.")]
    public string? Device { get; init; }
    [Description("TorchSharp version that trained it.")]
    public string? TorchSharpVersion { get; init; }
    [Description("ONNX Runtime version the export was checked with.")]
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

    [Description("candidate (not judged yet, or passed the gates and awaits manual approval), approved (may be served), rejected (a gate failed; final) or retired (dropped by retention, artifacts deleted).")]
    public ModelVersionPhase? Phase { get; init; }
    [Description("One result per gate of the Model (one per slice for a slice gate), from the judgement that set the phase.")]
    public List<GateResult>? GateResults { get; init; }
}

public enum GateVerdict { Passed, Failed, NotJudged }

public sealed record GateResult
{
    [Required, Description("The gate as written: metric, kind and bound, e.g. \"auc min 0.75\".")]
    public string Gate { get; init; } = "";
    [Required, Description("False only for verdict Failed: a slice too small to judge does not fail the version.")]
    public bool Passed { get; init; }
    [Description("passed, failed, or notJudged (a slice below minRows, no production version to compare with): notJudged does not fail the version.")]
    public GateVerdict? Verdict { get; init; }
    [Description("The slice (column=value) this result is for; absent for an overall gate.")]
    public string? Slice { get; init; }
    [Description("Test rows in the slice.")]
    public int? Rows { get; init; }
    [Description("The candidate's value of the metric.")]
    public double? Value { get; init; }
    [Description("The bound the value was held to: min, max, the production value less maxRegression (plus it, for a metric where lower is better), or the baseline's value.")]
    public double? Threshold { get; init; }
    [Description("What the value was compared with: the production version's or the baseline's value.")]
    public double? Reference { get; init; }
    [Description("The judgement in words and numbers, e.g. \"0.81 ≥ min 0.75\".")]
    public string? Message { get; init; }
}
