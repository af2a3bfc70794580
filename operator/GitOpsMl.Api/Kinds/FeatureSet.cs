using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

[Kind("FeatureSet", "featuresets", "fs")]
[Description("The features a model sees: columns of a Dataset and the transforms fitted on its training split.")]
[PrinterColumn("Dataset", "string", ".spec.datasetRef.name", Order = 1)]
[PrinterColumn("Task", "string", ".spec.label.task", Order = 2)]
[PrinterColumn("Hash", "string", ".status.hash", Priority = 1, Order = 3)]
[PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Order = 4)]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", Order = 5)]
public sealed record FeatureSet : CustomResource<FeatureSetSpec, FeatureSetStatus>
{
    public override string Kind { get; init; } = "FeatureSet";
}

public sealed record FeatureSetStatus : ResourceStatus
{
    // Value equality (lists and dictionaries by content): a status diff decides whether to write.
    public bool Equals(FeatureSetStatus? other) => StatusEquality.Same(this, other);

    public override int GetHashCode() => StatusEquality.HashOf(this);

    [Description("Content hash of the spec and the referenced Dataset's schema (not its data, which a run's specHash covers); part of every model's lineage.")]
    public string? Hash { get; init; }
}

public sealed record FeatureSetSpec : IHasCelRules<FeatureSetSpec>
{
    [Required, Description("The Dataset whose columns the features read; transforms are fitted on its training split.")]
    public LocalObjectReference DatasetRef { get; init; } = new();

    [Required, Description("The column to predict and the kind of prediction.")]
    public LabelSpec Label { get; init; } = new();

    [Required, MinItems(1), MaxItems(500), ListMapKey("column")]
    [Description("The columns the model sees, each once, with how each is encoded. Served requests send these columns by name, raw: the transforms run inside the exported model.")]
    public List<FeatureSpec> Features { get; init; } = [];

    [MaxItems(100), UniqueItems, ItemMaxLength(256)]
    [Description("Columns that must never be used as features (sensitive attributes); validate refuses a feature set that uses one.")]
    public List<string>? ProhibitedColumns { get; init; }

    public static IReadOnlyList<CelRule<FeatureSetSpec>> CelRules { get; } =
    [
        new("self.features.all(f, f.column != self.label.column)", "the label column cannot also be a feature",
            s => s.Features.All(f => f.Column != s.Label.Column))
        {
            FieldPath = ".features",
            MessageExpression = "'column \"' + self.label.column + '\" is the label and cannot also be a feature'",
            Explain = s => s.Features.Select((f, i) => (f.Column, i)).Where(x => x.Column == s.Label.Column)
                .Select(x => new CelViolation($".features[{x.i}].column", $"column \"{x.Column}\" is the label and cannot also be a feature")),
        },
        new("!has(self.prohibitedColumns) || self.features.all(f, !(f.column in self.prohibitedColumns))",
            "a feature uses a prohibited column",
            s => s.ProhibitedColumns is null || s.Features.All(f => !s.ProhibitedColumns.Contains(f.Column)))
        {
            FieldPath = ".features",
            Explain = s => s.Features.Select((f, i) => (f.Column, i)).Where(x => s.ProhibitedColumns?.Contains(x.Column) == true)
                .Select(x => new CelViolation($".features[{x.i}].column", $"column \"{x.Column}\" is listed in prohibitedColumns and cannot be a feature")),
        },
    ];
}

public enum PredictionTask { Binary, Multiclass, Regression }

public sealed record LabelSpec
{
    [Required, MinLength(1), MaxLength(256), Description("The Dataset column to predict; it cannot also be a feature.")]
    public string Column { get; init; } = "";

    [Required, Description("binary (two classes; the model gives the positive class's probability), multiclass (a probability per class) or regression (a number). Decides the loss, the metrics gates and early stopping may use, and which label column types fit.")]
    public PredictionTask Task { get; init; }

    [Description("Binary: the label value counted as positive (default true / 1 / the second class in sorted order).")]
    public string? PositiveClass { get; init; }
}

public sealed record FeatureSpec : IHasCelRules<FeatureSpec>
{
    private static readonly TransformType[] Terminal = [TransformType.Bucketize, TransformType.OneHot, TransformType.HashBucket];

    public static IReadOnlyList<CelRule<FeatureSpec>> CelRules { get; } =
    [
        new("!has(self.datetime) || !has(self.transforms)", "datetime derives its own features: a feature has either datetime or transforms",
            f => f.Datetime is null || f.Transforms is null) { FieldPath = ".transforms" },
        new("!has(self.transforms) || self.transforms.all(t, t.type != 'impute') || (self.transforms[0].type == 'impute' && self.transforms.filter(t, t.type == 'impute').size() == 1)",
            "impute must be the first transform, and appear once: later steps need values that are present",
            f => f.Transforms is not { } t || t.All(x => x.Type != TransformType.Impute) || (t[0].Type == TransformType.Impute && t.Count(x => x.Type == TransformType.Impute) == 1))
        {
            FieldPath = ".transforms",
            Explain = f => f.Transforms!.Select((t, j) => (t, j)).Where(x => x.t.Type == TransformType.Impute && x.j > 0)
                .Select(x => new CelViolation($".transforms[{x.j}].type", "impute must be the first transform, and appear once: later steps need values that are present")),
        },
        new("!has(self.transforms) || self.transforms.filter(t, t.type == 'bucketize' || t.type == 'oneHot' || t.type == 'hashBucket').size() == 0 || (self.transforms.filter(t, t.type == 'bucketize' || t.type == 'oneHot' || t.type == 'hashBucket').size() == 1 && (self.transforms[self.transforms.size() - 1].type == 'bucketize' || self.transforms[self.transforms.size() - 1].type == 'oneHot' || self.transforms[self.transforms.size() - 1].type == 'hashBucket'))",
            "bucketize, oneHot and hashBucket turn a column into indicator features: at most one of them, as the last transform",
            f => f.Transforms is not { } t || t.Count(x => Terminal.Contains(x.Type)) == 0 || (t.Count(x => Terminal.Contains(x.Type)) == 1 && Terminal.Contains(t[^1].Type)))
        {
            FieldPath = ".transforms",
            // When the rule fails, the first indicator transform is never rightly placed: the server names it.
            MessageExpression = RuleText.CelEnumText<TransformType>("self.transforms.filter(t, t.type == 'bucketize' || t.type == 'oneHot' || t.type == 'hashBucket')[0].type") + " + ' turns the column into indicator features and must be the last transform'",
            Explain = f => f.Transforms!.Select((t, j) => (t, j)).Where(x => Terminal.Contains(x.t.Type) && x.j != f.Transforms!.Count - 1)
                .Select(x => new CelViolation($".transforms[{x.j}].type", $"{ApiNames.Of(x.t.Type)} turns the column into indicator features and must be the last transform")),
        },
    ];

    [Required, MinLength(1), MaxLength(256), Description("The Dataset column this feature reads: float, int, bool, category or string (timestamp only through datetime); not the label, an id, weight or ignored column.")]
    public string Column { get; init; } = "";

    [MaxItems(16), Description("Transforms applied in order; fitted on the training split only. Without any, a numeric column enters the model as it is (missing values filled with the training mean when nullable) and a category or string column is one-hot encoded over its 100 most frequent values. An mlp usually wants standardize on numeric columns.")]
    public List<TransformSpec>? Transforms { get; init; }

    [Description("Calendar features derived from a timestamp column (instead of transforms), computed inside the served model.")]
    public DatetimeSpec? Datetime { get; init; }
}

public enum TransformType { Standardize, MinMax, Log1p, Clip, Bucketize, Impute, OneHot, HashBucket }

public enum ImputeStrategy { Mean, Median, Constant, MostFrequent }

public enum UnknownCategory { Ignore, Other }

public sealed record TransformSpec : IHasCelRules<TransformSpec>
{
    [Required, Description("standardize ((x - mean) / std), minMax (to [0, 1] on the training range, unclipped), log1p (log(max(x, 0) + 1)), clip (to min/max), bucketize (one-hot of ranges), impute (fill missing values) for numeric columns; impute, oneHot and hashBucket for category and string columns. Statistics come from the training split.")]
    public TransformType Type { get; init; }

    [Description("clip: lower bound.")] public double? Min { get; init; }
    [Description("clip: upper bound.")] public double? Max { get; init; }

    [MaxItems(1000), UniqueItems, Description("bucketize: explicit ascending boundaries.")]
    public List<double>? Boundaries { get; init; }

    [Minimum(2), Maximum(1000), Description("bucketize: number of quantile buckets fitted on the training split.")]
    public int? Quantiles { get; init; }

    [Description("impute: how the fill value is fitted on the training split: mean (the numeric default) or median for numeric columns, mostFrequent (the category and string default), or constant (value).")]
    public ImputeStrategy? Strategy { get; init; }

    [MaxLength(256), Description("impute with strategy constant: the fill value (a number for numeric columns).")]
    public string? Value { get; init; }

    [Description("impute: also emit a 0/1 feature saying the value was missing.")]
    public bool? Indicator { get; init; }

    [Description("oneHot: unseen categories become all zeros (ignore) or a dedicated slot (other).")]
    public UnknownCategory? Unknown { get; init; }

    [Minimum(1), Maximum(10000), Description("oneHot: keep the N most frequent training categories (default 100); the others are treated as unseen.")]
    public int? MaxCategories { get; init; }

    [Minimum(2), Maximum(1000000), Description("hashBucket: number of buckets the training values are hashed into; one more slot takes values not seen in training and missing ones.")]
    public int? Buckets { get; init; }

    public static IReadOnlyList<CelRule<TransformSpec>> CelRules { get; } =
    [
        new("self.type == 'clip' || (!has(self.min) && !has(self.max))", "min and max apply only to clip",
            t => t.Type == TransformType.Clip || (t.Min is null && t.Max is null)),
        new("self.type != 'clip' || has(self.min) || has(self.max)", "clip needs min, max or both",
            t => t.Type != TransformType.Clip || t.Min is not null || t.Max is not null),
        new("!has(self.min) || !has(self.max) || self.min <= self.max", "min must not exceed max",
            t => t.Min is null || t.Max is null || t.Min <= t.Max) { FieldPath = ".min" },
        new("self.type != 'bucketize' || (has(self.boundaries) != has(self.quantiles))", "bucketize needs exactly one of boundaries or quantiles",
            t => t.Type != TransformType.Bucketize || ((t.Boundaries is null) != (t.Quantiles is null))),
        new("self.type == 'bucketize' || (!has(self.boundaries) && !has(self.quantiles))", "boundaries and quantiles apply only to bucketize",
            t => t.Type == TransformType.Bucketize || (t.Boundaries is null && t.Quantiles is null)),
        new("!has(self.boundaries) || self.boundaries.isSorted()", "boundaries must strictly ascend",
            t => t.Boundaries is null || t.Boundaries.Zip(t.Boundaries.Skip(1)).All(p => p.Second > p.First))
        {
            FieldPath = ".boundaries",
            Explain = t => (t.Boundaries ?? []).Select((b, i) => (b, i)).Skip(1).Where(x => x.b <= t.Boundaries![x.i - 1])
                .Select(x => new CelViolation($".boundaries[{x.i}]", $"boundaries must strictly ascend: {RuleText.Number(x.b)} follows {RuleText.Number(t.Boundaries![x.i - 1])}")),
        },
        new("self.type == 'impute' || (!has(self.strategy) && !has(self.value) && !has(self.indicator))", "strategy, value and indicator apply only to impute",
            t => t.Type == TransformType.Impute || (t.Strategy is null && t.Value is null && t.Indicator is null)),
        new("!has(self.strategy) || self.strategy != 'constant' || has(self.value)", "impute with strategy constant needs value",
            t => t.Strategy != ImputeStrategy.Constant || t.Value is not null) { FieldPath = ".value" },
        new("self.type == 'oneHot' || (!has(self.unknown) && !has(self.maxCategories))", "unknown and maxCategories apply only to oneHot",
            t => t.Type == TransformType.OneHot || (t.Unknown is null && t.MaxCategories is null)),
        new("self.type == 'hashBucket' ? has(self.buckets) : !has(self.buckets)", "hashBucket needs buckets, and buckets applies only to hashBucket",
            t => t.Type == TransformType.HashBucket ? t.Buckets is not null : t.Buckets is null) { FieldPath = ".buckets" },
    ];
}
