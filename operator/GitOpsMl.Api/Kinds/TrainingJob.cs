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

    [Description("pending (waiting to start, or for a retry), running (training, or registering its version), succeeded (a ModelVersion is registered) or failed (a permanent failure, or backoffLimit used up; the Trained condition says why).")]
    public TrainingPhase? Phase { get; init; }
    [Description("Content hash of everything that determines the result (the data's sha256 and the Dataset, FeatureSet and TrainingJob specs, plus a Monitor's retrain request); a new hash means a new run.")]
    public string? SpecHash { get; init; }
    [Description("The attempt the current specHash is on, from 1; at most backoffLimit + 1.")]
    public int? Attempts { get; init; }
    [Description("When the current attempt started.")]
    public DateTimeOffset? StartTime { get; init; }
    [Description("When the run ended: its version registered, or its last attempt failed.")]
    public DateTimeOffset? CompletionTime { get; init; }
    [Description("The device the run trains on, as resolved from spec.device, e.g. cpu or cuda:0.")]
    public string? Device { get; init; }
    [Description("Name of the ModelVersion this run registered.")]
    public string? ModelVersion { get; init; }
    [Description("The bundle the run wrote, as registered in the ModelVersion.")]
    public ArtifactRef? Artifact { get; init; }
    [Description("Test metrics of the run.")]
    public Dictionary<string, double>? Metrics { get; init; }
}

public sealed record TrainingJobSpec : IHasCelRules<TrainingJobSpec>
{
    [Required, Description("The FeatureSet to train on: its Dataset, label and features.")]
    public LocalObjectReference FeatureSetRef { get; init; } = new();
    [Required, Description("The Model the resulting version is registered under.")]
    public LocalObjectReference ModelRef { get; init; } = new();

    [Required, Description("The network to train: exactly one of linear or mlp.")]
    public AlgorithmSpec Algorithm { get; init; } = new();

    [Description("How the network is optimised; every field has a default. The values used, defaults filled in, are recorded in the ModelVersion's lineage.hyperparameters.")]
    public HyperparametersSpec? Hyperparameters { get; init; }

    [Description("Stop training once the validation metric stops improving, and keep the best epoch's weights; needs validation rows (Dataset split.validation above 0). Without it every epoch runs and the last epoch's weights are kept.")]
    public EarlyStoppingSpec? EarlyStopping { get; init; }

    [Description("What the test split reports besides the task's metrics: per-slice metrics for slice gates.")]
    public EvaluationSpec? Evaluation { get; init; }

    [Description("The linear baseline trained beside an mlp, for beatsBaseline gates.")]
    public BaselineSpec? Baseline { get; init; }

    [Description("Compute for the training run.")]
    public ResourcesSpec? Resources { get; init; }

    [Default("auto"), Description("auto uses CUDA when available, else the CPU; cpu never uses a GPU; cuda fails the run when no CUDA device is available. GPU runs are only statistically reproducible.")]
    public TrainingDevice? Device { get; init; }

    [Default(2), Minimum(0), Maximum(10), Description("Retries of a failed run, each after an exponential delay (2s, 4s, 8s...). Only transient failures are retried (a timeout, an interrupted process); invalid data or spec and a diverged loss fail at once, since the same inputs fail the same way.")]
    public int? BackoffLimit { get; init; }

    [Default("1h"), Pattern(Patterns.Duration, Patterns.DurationExpected), Description("Wall-clock limit of one attempt; an attempt past it is cancelled and retried within backoffLimit.")]
    public string? Timeout { get; init; }

    public static IReadOnlyList<CelRule<TrainingJobSpec>> CelRules { get; } =
    [
        new("!has(self.device) || self.device != 'cuda' || (has(self.resources) && has(self.resources.gpu) && self.resources.gpu >= 1)",
            "device cuda needs resources.gpu of at least 1",
            s => s.Device != TrainingDevice.Cuda || (s.Resources?.Gpu ?? 0) >= 1) { FieldPath = ".device" },
        // A one-row batch has no variance to normalise by: libtorch trains on it without complaint and the network's
        // outputs turn non-finite, which the run would only report as a failed export parity check.
        new("!has(self.algorithm.mlp) || !has(self.algorithm.mlp.batchNorm) || !self.algorithm.mlp.batchNorm || !has(self.hyperparameters) || !has(self.hyperparameters.batchSize) || self.hyperparameters.batchSize >= 2",
            "mlp.batchNorm needs hyperparameters.batchSize of at least 2",
            s => s.Algorithm.Mlp?.BatchNorm != true || (s.Hyperparameters?.BatchSize ?? 2) >= 2) { FieldPath = ".hyperparameters.batchSize" },
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
    [Required, MinItems(1), MaxItems(16), Description("Width of each hidden layer, input side first, e.g. [64, 32].")]
    public List<int> HiddenLayers { get; init; } = [];

    [Default("relu"), Description("Nonlinearity after each hidden layer: relu, tanh, gelu (exact, erf-based) or leakyRelu (slope 0.01 below 0).")]
    public Activation? Activation { get; init; }

    [Default(0.0), Minimum(0), Maximum(0.9), Description("Fraction of each hidden layer's outputs zeroed at random while training (not when predicting), against overfitting; 0 turns it off; 0.1-0.3 is a common start.")]
    public double? Dropout { get; init; }

    [Default(false), Description("Normalise each hidden layer's outputs over the mini-batch before the activation. Needs batchSize 2 or more; a last batch of one row joins the one before.")]
    public bool? BatchNorm { get; init; }
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

    [Default(20), Minimum(1), Maximum(10000)]
    [Description("Passes over the training split; earlyStopping may end the run sooner. The run takes epochs × ceil(training rows / batchSize) optimizer steps, so a small data set needs more epochs or a smaller batchSize (see batchSize).")]
    public int? Epochs { get; init; }

    [Default(256), Minimum(1), Maximum(1048576)]
    [Description("Training rows per optimizer step; each epoch takes ceil(training rows / batchSize) steps. At the defaults a 1,000-row Dataset (800 training rows) gets 4 steps an epoch, 80 in all: too few for an mlp to learn much. For a few thousand rows or fewer use 32-64, or raise epochs.")]
    public int? BatchSize { get; init; }

    [Default(0.001), Minimum(0, Exclusive = true), Maximum(10)]
    [Description("Step size of the optimizer. 0.001 suits adam and adamw; sgd usually wants 0.01-0.1. Too large a rate diverges: a NaN or infinite loss fails the run, and it is not retried.")]
    public double? LearningRate { get; init; }

    [Default(0.0), Minimum(0), Maximum(1)]
    [Description("L2 penalty on the weights, against overfitting: added to the gradient for adam and sgd, decoupled from the adaptive step for adamw. 0 turns it off; 1e-4 to 1e-2 is typical.")]
    public double? WeightDecay { get; init; }

    [Default("adam"), Description("adam, adamw (adam with decoupled weightDecay) or sgd (stochastic gradient descent, optionally with momentum).")]
    public OptimizerKind? Optimizer { get; init; }

    [Default(0.0), Minimum(0), Maximum(1), Description("sgd only: the fraction of the previous step carried into the next; 0.9 is typical, 0 is plain sgd.")]
    public double? Momentum { get; init; }

    [Default(42), Minimum(0), Maximum(2147483647)]
    [Description("Seeds the initial weights, dropout and the order rows are shuffled in each epoch (the Dataset's split has its own seed). On the CPU the same seed and threads give bit-identical models.")]
    public long? Seed { get; init; }

    [Default("none"), Description("Classification only. balanced weighs each class inversely to its frequency in the training split (n / (classes × n_class); binary: positives weigh negatives / positives), so a rare class counts as much as a common one; none weighs every row alike.")]
    public ClassWeighting? ClassWeights { get; init; }
    [Minimum(1), Maximum(256), Description("CPU threads for training, evaluation and export; results are reproducible for a fixed seed and thread count. Omitted: libtorch picks, so results can differ between machines.")]
    public int? Threads { get; init; }
}

public sealed record EarlyStoppingSpec
{
    [Required, MaxLength(64), Description("Validation metric watched, one of the task's (e.g. auc, logLoss, rmse), evaluated on the validation split after every epoch; whether higher or lower is better is known per metric.")]
    public string Metric { get; init; } = "";
    [Default(5), Minimum(1), Maximum(1000)]
    [Description("Epochs in a row without a new best validation value before training stops. The weights of the best epoch are then restored (also when all epochs ran), so the model is its best-validating epoch, not its last.")]
    public int? Patience { get; init; }

    [Default(0.0), Minimum(0)]
    [Description("How much a value must beat the best so far, in the metric's units, to count as an improvement; 0 counts any improvement.")]
    public double? MinDelta { get; init; }
}

public sealed record EvaluationSpec
{
    [MaxItems(32), UniqueItems, ItemMaxLength(64), Description("Metrics the run must report; each must be one of the task's (binary: auc, accuracy, precision, recall, f1, logLoss; multiclass: accuracy, macroF1, logLoss; regression: rmse, mae, mape, wape, r2). Every run reports all of its task's metrics, so this only states, and validate checks, what gates rely on.")]
    public List<string>? Metrics { get; init; }
    [MaxItems(32), UniqueItems, ItemMaxLength(256), Description("Columns whose values define slices with their own metrics. A numeric column with more than 20 distinct test values is cut into quartiles of the test rows instead (slices \"<e1\", \"[e1,e2)\", \">=e3\"; the edges are in metrics.json sliceBins and the model card).")]
    public List<string>? Slices { get; init; }
}

public sealed record BaselineSpec
{
    [Default(true), Description("Train a linear baseline alongside an mlp, so gates can ask whether the model beats it. It trains by its own fixed recipe (adam at 0.01, early stopping on validation loss), borrowing only batchSize, seed and threads. With algorithm linear none is trained, and a beatsBaseline gate then fails.")]
    public bool? Enabled { get; init; }
}

public sealed record ResourcesSpec
{
    [Pattern(Patterns.Quantity, Patterns.QuantityExpected)]
    [Description("CPU for each pod, e.g. 500m or 2. The embedded control plane limits no process, but gives each Deployment replica one ONNX Runtime intra-op thread per whole core (at least 1; 1 without cpu); a TrainingJob's run ignores it there. Limits apply with the cluster executor, which is not built yet.")]
    public string? Cpu { get; init; }

    [Pattern(Patterns.Quantity, Patterns.QuantityExpected)]
    [Description("Memory for each pod, e.g. 4Gi. Only for the cluster executor, which is not built yet: the embedded control plane runs its processes without memory limits.")]
    public string? Memory { get; init; }

    [Default(0), Minimum(0), Maximum(16), Description("GPUs requested (nvidia.com/gpu); a TrainingJob with device cuda needs at least 1. Only for the cluster executor, which is not built yet: the embedded control plane uses the machine's GPUs whatever this says, and serves on the CPU.")]
    public int? Gpu { get; init; }
}

public sealed record ArtifactRef
{
    [Required, Description("Where the bundle folder lives (model.onnx, metrics.json, profile.json, transforms.json, model-card.md, manifest.json): a file:// URI in the embedded control plane.")]
    public string Uri { get; init; } = "";

    [Required, Pattern(Patterns.Sha256, Patterns.Sha256Expected), Description("sha256 of the bundle's model.onnx, as its manifest.json lists it; the server refuses a bundle whose files do not match their sha256.")]
    public string Sha256 { get; init; } = "";
}
