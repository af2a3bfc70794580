using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

[Kind("TrainingJob", "trainingjobs", "tj")]
[Description("A reproducible training run: feature set + algorithm + hyperparameters + seed. A successful run registers a ModelVersion.")]
[PrinterColumn("Model", "string", ".spec.modelRef.name", Order = 1)]
[PrinterColumn("Phase", "string", ".status.phase", Order = 2)]
[PrinterColumn("Version", "string", ".status.modelVersion", Order = 3)]
[PrinterColumn("Device", "string", ".status.device", Priority = 1, Order = 4)]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Order = 5)]
[PrinterColumn("Reason", "string", ".status.conditions[?(@.type==\"Ready\")].reason", Priority = 1, Order = 6)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 7)]
public sealed record TrainingJob : CustomResource<TrainingJobSpec, TrainingJobStatus>
{
    public override string Kind { get; init; } = "TrainingJob";
}

public enum TrainingPhase { Pending, Running, Succeeded, Failed }

public sealed record TrainingJobStatus : ResourceStatus
{
    // Value equality (lists and dictionaries by content): a status diff decides whether to write.
    public bool Equals(TrainingJobStatus? other) => StatusEquality.Same(this, other);

    public override int GetHashCode() => StatusEquality.HashOf(this);

    public TrainingPhase? Phase { get; init; }
    [Description("Content hash of everything that determines the result; a new hash means a new run.")]
    public string? SpecHash { get; init; }
    public int? Attempts { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }
    public string? Device { get; init; }
    [Description("Name of the ModelVersion this run registered.")]
    public string? ModelVersion { get; init; }
    public ArtifactRef? Artifact { get; init; }
    [Description("Test metrics of the run.")]
    public Dictionary<string, double>? Metrics { get; init; }
}

public sealed record TrainingJobSpec : IHasCelRules<TrainingJobSpec>
{
    [Required] public LocalObjectReference FeatureSetRef { get; init; } = new();
    [Required, Description("The Model the resulting version is registered under.")]
    public LocalObjectReference ModelRef { get; init; } = new();

    [Required] public AlgorithmSpec Algorithm { get; init; } = new();
    public HyperparametersSpec? Hyperparameters { get; init; }
    public EarlyStoppingSpec? EarlyStopping { get; init; }
    public EvaluationSpec? Evaluation { get; init; }
    public BaselineSpec? Baseline { get; init; }
    public ResourcesSpec? Resources { get; init; }

    [Default("auto"), Description("auto uses CUDA when available, else the CPU.")]
    public TrainingDevice? Device { get; init; }

    [Default(2), Minimum(0), Maximum(10), Description("Retries of a failed run (transient failures only).")]
    public int? BackoffLimit { get; init; }

    [Default("1h"), Pattern(Patterns.Duration, Patterns.DurationExpected), Description("Wall-clock limit of one attempt.")]
    public string? Timeout { get; init; }

    public static IReadOnlyList<CelRule<TrainingJobSpec>> CelRules { get; } =
    [
        new("!has(self.device) || self.device != 'cuda' || (has(self.resources) && has(self.resources.gpu) && self.resources.gpu >= 1)",
            "device cuda needs resources.gpu of at least 1",
            s => s.Device != TrainingDevice.Cuda || (s.Resources?.Gpu ?? 0) >= 1) { FieldPath = ".device" },
    ];
}

public enum TrainingDevice { Auto, Cpu, Cuda }

public sealed record AlgorithmSpec : IHasCelRules<AlgorithmSpec>
{
    [Description("Logistic, softmax or linear regression.")]
    public LinearSpec? Linear { get; init; }
    [Description("Multi-layer perceptron.")]
    public MlpSpec? Mlp { get; init; }

    [System.Text.Json.Serialization.JsonIgnore] public bool IsLinear => Linear is not null;

    public static IReadOnlyList<CelRule<AlgorithmSpec>> CelRules { get; } =
    [
        new("has(self.linear) != has(self.mlp)", "exactly one of linear or mlp must be set", a => (a.Linear is null) != (a.Mlp is null)),
    ];
}

public sealed record LinearSpec;

public enum Activation { Relu, Tanh, Gelu, LeakyRelu }

public sealed record MlpSpec
{
    [Required, MinItems(1), MaxItems(16), Description("Width of each hidden layer.")]
    public List<int> HiddenLayers { get; init; } = [];

    [Default("relu")] public Activation? Activation { get; init; }
    [Default(0.0), Minimum(0), Maximum(0.9)] public double? Dropout { get; init; }
    [Default(false)] public bool? BatchNorm { get; init; }
}

public enum OptimizerKind { Adam, [System.Text.Json.Serialization.JsonStringEnumMemberName("adamw")] AdamW, Sgd }

public enum ClassWeighting { None, Balanced }

public sealed record HyperparametersSpec : IHasCelRules<HyperparametersSpec>
{
    public static IReadOnlyList<CelRule<HyperparametersSpec>> CelRules { get; } =
    [
        new("!has(self.momentum) || self.momentum == 0.0 || (has(self.optimizer) && self.optimizer == 'sgd')", "momentum applies only to optimizer sgd",
            h => h.Momentum is not > 0 || h.Optimizer == OptimizerKind.Sgd) { FieldPath = ".momentum" },
    ];

    [Default(20), Minimum(1), Maximum(10000)] public int? Epochs { get; init; }
    [Default(256), Minimum(1), Maximum(1048576)] public int? BatchSize { get; init; }
    [Default(0.001), Minimum(0, Exclusive = true), Maximum(10)] public double? LearningRate { get; init; }
    [Default(0.0), Minimum(0), Maximum(1)] public double? WeightDecay { get; init; }
    [Default("adam")] public OptimizerKind? Optimizer { get; init; }
    [Default(0.0), Minimum(0), Maximum(1), Description("sgd only.")] public double? Momentum { get; init; }
    [Default(42), Minimum(0), Maximum(2147483647)] public long? Seed { get; init; }
    [Default("none"), Description("balanced weighs classes inversely to their frequency (classification).")]
    public ClassWeighting? ClassWeights { get; init; }
    [Minimum(1), Maximum(256), Description("CPU threads; results are reproducible for a fixed seed and thread count.")]
    public int? Threads { get; init; }
}

public sealed record EarlyStoppingSpec
{
    [Required, MaxLength(64), Description("Validation metric watched, e.g. auc or rmse; its direction is known per metric.")]
    public string Metric { get; init; } = "";
    [Default(5), Minimum(1), Maximum(1000)] public int? Patience { get; init; }
    [Default(0.0), Minimum(0)] public double? MinDelta { get; init; }
}

public sealed record EvaluationSpec
{
    [MaxItems(32), UniqueItems, ItemMaxLength(64), Description("Metrics to report besides the task's defaults.")]
    public List<string>? Metrics { get; init; }
    [MaxItems(32), UniqueItems, ItemMaxLength(256), Description("Columns whose values define slices with their own metrics. A numeric column with more than 20 distinct test values is cut into quartiles of the test rows instead (slices \"<e1\", \"[e1,e2)\", \">=e3\"; the edges are in metrics.json sliceBins and the model card).")]
    public List<string>? Slices { get; init; }
}

public sealed record BaselineSpec
{
    [Default(true), Description("Train a linear baseline alongside, so gates can ask whether the model beats it.")]
    public bool? Enabled { get; init; }
}

public sealed record ResourcesSpec
{
    [Pattern(Patterns.Quantity, Patterns.QuantityExpected)] public string? Cpu { get; init; }
    [Pattern(Patterns.Quantity, Patterns.QuantityExpected)] public string? Memory { get; init; }
    [Default(0), Minimum(0), Maximum(16), Description("GPUs requested (nvidia.com/gpu).")]
    public int? Gpu { get; init; }
}

public sealed record ArtifactRef
{
    [Required] public string Uri { get; init; } = "";
    [Required, Pattern(Patterns.Sha256, Patterns.Sha256Expected)] public string Sha256 { get; init; } = "";
}
