using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Kinds;

public sealed record DatasetSpec : IHasCelRules<DatasetSpec>
{
    [Required, Description("Where the data lives.")]
    public DatasetSource Source { get; init; } = new();

    [Default("csv"), Description("File format of the source.")]
    public DataFormat? Format { get; init; }

    [Description("CSV dialect; only meaningful with format csv.")]
    public CsvOptions? Csv { get; init; }

    [Required, MinItems(1), MaxItems(2000), ListMapKey("name")]
    [Description("Every column the data holds, with the expectations each value must meet.")]
    public List<ColumnSpec> Schema { get; init; } = [];

    [Description("How rows are split into train, validation and test.")]
    public SplitSpec? Split { get; init; }

    [Pattern(Patterns.Sha256, Patterns.Sha256Expected)]
    [Description("Pin: the sha256 the source bytes must have; training refuses other data. Optional for path, required for url (the same spec must read the same bytes; `gitopsml inspect URL` prints it).")]
    public string? Sha256 { get; init; }

    [Description("How many invalid rows are tolerated before training stops.")]
    public DataValidationSpec? Validation { get; init; }

    public static IReadOnlyList<CelRule<DatasetSpec>> CelRules { get; } =
    [
        new("!has(self.csv) || !has(self.format) || self.format == 'csv'",
            "csv options are only allowed with format csv",
            s => s.Csv is null || (s.Format ?? DataFormat.Csv) == DataFormat.Csv) { FieldPath = ".csv" },
        new("!has(self.split) || !has(self.split.key) || self.schema.exists(c, c.name == self.split.key)",
            "split.key must name a column of the schema",
            s => s.Split?.Key is not { } k || s.Schema.Any(c => c.Name == k))
        {
            FieldPath = ".split.key",
            // The offline twin may add a "did you mean" suggestion; CEL has no edit distance.
            MessageExpression = "'column \"' + self.split.key + '\" is not in the schema'",
            Explain = s => [new(null, $"column \"{s.Split!.Key}\" is not in the schema{GitOpsMl.Api.Validation.Suggestions.DidYouMean(s.Split.Key!, s.Schema.Select(c => c.Name))}")],
        },
        new("!has(self.split) || !has(self.split.timeColumn) || self.schema.exists(c, c.name == self.split.timeColumn && (c.type == 'timestamp' || c.type == 'int' || c.type == 'float'))",
            "split.timeColumn must name a timestamp, int or float column of the schema",
            s => s.Split?.TimeColumn is not { } t || s.Schema.Any(c => c.Name == t && c.Type is ColumnType.Timestamp or ColumnType.Int or ColumnType.Float))
        {
            FieldPath = ".split.timeColumn",
            MessageExpression = "self.schema.exists(c, c.name == self.split.timeColumn)"
                + " ? 'column \"' + self.split.timeColumn + '\" has type ' + " + RuleText.CelEnumText<ColumnType>("self.schema.filter(c, c.name == self.split.timeColumn)[0].type") + " + '; a time split needs a timestamp, int or float column'"
                + " : 'column \"' + self.split.timeColumn + '\" is not in the schema'",
            Explain = s => [new(null, s.Schema.FirstOrDefault(c => c.Name == s.Split!.TimeColumn) is { } col
                ? $"column \"{col.Name}\" has type {ApiNames.Of(col.Type)}; a time split needs a timestamp, int or float column"
                : $"column \"{s.Split!.TimeColumn}\" is not in the schema{GitOpsMl.Api.Validation.Suggestions.DidYouMean(s.Split.TimeColumn!, s.Schema.Select(c => c.Name))}")],
        },
        new("!has(self.split) || !has(self.split.stratifyBy) || self.schema.exists(c, c.name == self.split.stratifyBy && c.type != 'float' && c.type != 'timestamp')",
            "split.stratifyBy must name a category, bool, int or string column of the schema",
            s => s.Split?.StratifyBy is not { } t || s.Schema.Any(c => c.Name == t && c.Type is not (ColumnType.Float or ColumnType.Timestamp)))
        {
            FieldPath = ".split.stratifyBy",
            MessageExpression = "self.schema.exists(c, c.name == self.split.stratifyBy)"
                + " ? 'column \"' + self.split.stratifyBy + '\" has type ' + " + RuleText.CelEnumText<ColumnType>("self.schema.filter(c, c.name == self.split.stratifyBy)[0].type") + " + '; stratifying needs a category, bool, int or string column'"
                + " : 'column \"' + self.split.stratifyBy + '\" is not in the schema'",
            Explain = s => [new(null, s.Schema.FirstOrDefault(c => c.Name == s.Split!.StratifyBy) is { } col
                ? $"column \"{col.Name}\" has type {ApiNames.Of(col.Type)}; stratifying needs a category, bool, int or string column"
                : $"column \"{s.Split!.StratifyBy}\" is not in the schema{GitOpsMl.Api.Validation.Suggestions.DidYouMean(s.Split.StratifyBy!, s.Schema.Select(c => c.Name))}")],
        },
        // An address can serve other bytes tomorrow; the pin makes the spec name one file, as DVC and MLflow pin remote data.
        new("!has(self.source.url) || has(self.sha256)",
            "source.url needs sha256: pin the bytes the address serves (`gitopsml inspect URL` prints the digest)",
            s => s.Source.Url is null || s.Sha256 is not null) { FieldPath = ".sha256" },
        new("self.schema.filter(c, has(c.role) && c.role == 'label').size() <= 1",
            "at most one column may have role label",
            s => s.Schema.Count(c => c.Role == ColumnRole.Label) <= 1) { FieldPath = ".schema" },
        // One weight per row: two weight columns would leave which one counts (or their product) unsaid.
        new("self.schema.filter(c, has(c.role) && c.role == 'weight').size() <= 1",
            "at most one column may have role weight",
            s => s.Schema.Count(c => c.Role == ColumnRole.Weight) <= 1) { FieldPath = ".schema" },
    ];
}

public enum DataFormat { Csv, Parquet }

public sealed record DatasetSource : IHasCelRules<DatasetSource>
{
    [MinLength(1), MaxLength(4096)]
    [Description("Path relative to the root of the git repository that holds the manifests.")]
    public string? Path { get; init; }

    [Description("An object in an S3-compatible store. Not read yet: training and the control plane read path and url only.")]
    public S3Source? S3 { get; init; }

    [MaxLength(4096), Pattern(Patterns.HttpUrl, Patterns.HttpUrlExpected)]
    [Description("An http or https address of the data file, e.g. a public data set's; needs spec.sha256. Downloaded once into a cache named by the digest (beside the control plane's state; ~/.cache/gitopsml for the CLI) and refused when its bytes have another sha256.")]
    public string? Url { get; init; }

    public static IReadOnlyList<CelRule<DatasetSource>> CelRules { get; } =
    [
        new("(has(self.path) ? 1 : 0) + (has(self.s3) ? 1 : 0) + (has(self.url) ? 1 : 0) == 1", "exactly one of path, s3 or url must be set",
            s => (s.Path is null ? 0 : 1) + (s.S3 is null ? 0 : 1) + (s.Url is null ? 0 : 1) == 1),
        new("!has(self.path) || (!self.path.startsWith('/') && !self.path.contains('..'))",
            "path must be relative to the repository root and must not contain '..'",
            s => s.Path is null || (!s.Path.StartsWith('/') && !s.Path.Contains("..", StringComparison.Ordinal))) { FieldPath = ".path" },
        // A public data set's address is the first thing a new user tries; "file not found: https:/..." would not say why.
        new("!has(self.path) || !self.path.contains('://')",
            "path is a file in the git repository, not a URL: give the address as source.url with its sha256 (`gitopsml inspect URL --schema` writes both)",
            s => s.Path is null || !s.Path.Contains("://", StringComparison.Ordinal)) { FieldPath = ".path" },
    ];
}

public sealed record S3Source
{
    [Required, MinLength(3), MaxLength(63), Description("Bucket holding the data file.")]
    public string Bucket { get; init; } = "";
    [Required, MinLength(1), MaxLength(1024), Description("Object key of the data file inside the bucket, e.g. churn/2024-06.csv.")]
    public string Key { get; init; } = "";
    [Description("Endpoint URL of an S3-compatible store (MinIO); empty means AWS.")]
    public string? Endpoint { get; init; }
    [Description("Region of the bucket, e.g. eu-west-1; MinIO and most other S3-compatible stores ignore it.")]
    public string? Region { get; init; }
    [Description("Secret holding accessKeyId and secretAccessKey.")]
    public LocalObjectReference? SecretRef { get; init; }
}

public sealed record CsvOptions
{
    [Default(","), MinLength(1), MaxLength(1), Description("Field delimiter, one character.")]
    public string? Delimiter { get; init; }

    [Default(true), Description("Whether the first row holds the column names.")]
    public bool? Header { get; init; }

    [MaxItems(32), ItemMaxLength(64), Description("Cell values read as missing, added to the ones always read as missing: the empty cell, NA and NaN.")]
    public List<string>? NullValues { get; init; }

    [Default(false), Description("Remove spaces around every header name and value before missing values, types and allowed values are checked, for files written as `39, State-gov, 77516` (pandas' skipinitialspace, both sides). Spaces inside a value stay.")]
    public bool? TrimSpaces { get; init; }
}

public enum ColumnType { Float, Int, String, Category, Bool, Timestamp }

public enum ColumnRole { Feature, Id, Label, Timestamp, Weight, Ignore }

public sealed record ColumnSpec : IHasCelRules<ColumnSpec>
{
    [Required, MinLength(1), MaxLength(256), Description("Column name as it appears in the header.")]
    public string Name { get; init; } = "";

    [Required, Description("Value type: float, int (a whole number; 3.0 reads as 3), string (kept verbatim), category (one of a set of values), bool (true/false, yes/no, 1/0), timestamp (ISO 8601; without an offset read as UTC). A cell that does not parse makes its row invalid.")]
    public ColumnType Type { get; init; }

    [Default("feature"), Description("What the column is for: feature (may be used as a feature), label (the value to predict; at most one column), id (an identifier: unique by default, never a feature), timestamp (event time, type timestamp; for time splits and datetime features), weight (a sample weight, at most one column, type int or float: each row counts in the training loss, early stopping and every reported metric in proportion to it, as scikit-learn's sample_weight; never a model input, so serving does not ask for it; a missing, negative or non-finite weight makes the row invalid whatever nullable says; with classWeights balanced the two multiply), ignore (never used).")]
    public ColumnRole? Role { get; init; }

    [Description("Smallest allowed value (float and int columns); a row below it is invalid.")]
    public double? Min { get; init; }

    [Description("Largest allowed value (float and int columns); a row above it is invalid.")]
    public double? Max { get; init; }

    [MaxItems(10000), UniqueItems, ItemMaxLength(1024), Description("Allowed values of a category column, matched exactly (case-sensitive); a row with another value is invalid. Omitted: any value is allowed.")]
    public List<string>? Values { get; init; }

    [Default(true), Description("Whether a value may be missing (an empty cell or a null value). false makes a row with a missing value invalid; true lets it through, and a numeric feature then fills it with the training mean unless its transforms say otherwise. A weight column never lets a missing value through.")]
    public bool? Nullable { get; init; }

    [Minimum(0), Maximum(1), Description("Largest fraction of rows that may miss a value in this column; above it the whole data set is refused (no rows are dropped for it). Omitted: no limit.")]
    public double? MaxNullFraction { get; init; }

    [Description("Whether values must be unique: a row repeating an earlier value is invalid (the first is kept; missing values never repeat). Default true for role id, false otherwise.")]
    public bool? Unique { get; init; }

    public static IReadOnlyList<CelRule<ColumnSpec>> CelRules { get; } =
    [
        new("!has(self.min) || !has(self.max) || self.min <= self.max", "min must not exceed max",
            c => c.Min is null || c.Max is null || c.Min <= c.Max) { FieldPath = ".min" },
        new("(!has(self.min) && !has(self.max)) || self.type == 'float' || self.type == 'int'",
            "min and max apply only to float and int columns",
            c => (c.Min is null && c.Max is null) || c.Type is ColumnType.Float or ColumnType.Int),
        new("!has(self.role) || self.role != 'timestamp' || self.type == 'timestamp'", "role timestamp needs type timestamp",
            c => c.Role != ColumnRole.Timestamp || c.Type == ColumnType.Timestamp)
        {
            FieldPath = ".role",
            MessageExpression = "'role timestamp needs type timestamp, column \"' + self.name + '\" has type ' + " + RuleText.CelEnumText<ColumnType>("self.type"),
            Explain = c => [new(null, $"role timestamp needs type timestamp, column \"{c.Name}\" has type {ApiNames.Of(c.Type)}")],
        },
        new("!has(self.role) || self.role != 'weight' || self.type == 'float' || self.type == 'int'", "role weight needs type int or float",
            c => c.Role != ColumnRole.Weight || c.Type is ColumnType.Float or ColumnType.Int)
        {
            FieldPath = ".role",
            MessageExpression = "'role weight needs type int or float, column \"' + self.name + '\" has type ' + " + RuleText.CelEnumText<ColumnType>("self.type"),
            Explain = c => [new(null, $"role weight needs type int or float, column \"{c.Name}\" has type {ApiNames.Of(c.Type)}")],
        },
        // A weight below 0 is refused whatever min says, so a negative min would be accepted and ignored.
        new("!has(self.role) || self.role != 'weight' || !has(self.min) || self.min >= 0.0", "a weight column's min must be at least 0 (weights are never negative)",
            c => c.Role != ColumnRole.Weight || c.Min is not < 0) { FieldPath = ".min" },
        new("!has(self.maxNullFraction) || self.maxNullFraction == 0.0 || !has(self.nullable) || self.nullable",
            "maxNullFraction needs a nullable column (nullable: false allows no missing value at all)",
            c => c.MaxNullFraction is not > 0 || c.Nullable != false) { FieldPath = ".maxNullFraction" },
        new("!has(self.values) || self.type == 'category'", "values apply only to category columns",
            c => c.Values is null || c.Type == ColumnType.Category) { FieldPath = ".values" },
    ];
}

public enum SplitMethod { Random, Hash, Time }

public sealed record SplitSpec : IHasCelRules<SplitSpec>
{
    [Default("random"), Description("random (seeded), hash of a key column (stable as data grows), or time order.")]
    public SplitMethod? Method { get; init; }

    [Description("Column hashed by method hash: each row's split follows from its value alone, so a row keeps its split as data grows and rows sharing a key stay together. Every row needs a value.")]
    public string? Key { get; init; }

    [Description("Column ordered by method time (a timestamp, int or float column): the earliest rows train, the latest test, and rows with equal times stay on one side. Every row needs a value.")]
    public string? TimeColumn { get; init; }

    [Default(0.8), Minimum(0), Maximum(1)]
    [Description("Fraction of rows the model and its feature transforms are fitted on; must be above 0, and train + validation + test must be 1.")]
    public double? Train { get; init; }

    [Default(0.1), Minimum(0), Maximum(1)]
    [Description("Fraction of rows scored after every epoch: what earlyStopping watches. 0 leaves no validation rows, and a TrainingJob with earlyStopping is then refused.")]
    public double? Validation { get; init; }

    [Default(0.1), Minimum(0), Maximum(1)]
    [Description("Fraction of rows held out for the final metrics, the slices, the gates and the ONNX parity check; a run with no test rows is refused.")]
    public double? Test { get; init; }

    [Default(42), Minimum(0), Maximum(2147483647), Description("Seed of method random.")]
    public long? Seed { get; init; }

    [MinLength(1), MaxLength(256)]
    [Description("Method random only: a column (usually the label) whose every value is split in the same fractions, so a small or imbalanced data set gets each class in train, validation and test in proportion (scikit-learn's stratify). A category, bool, int or string column; missing values form their own group.")]
    public string? StratifyBy { get; init; }

    [System.Text.Json.Serialization.JsonIgnore] public double TrainOrDefault => Train ?? 0.8;
    [System.Text.Json.Serialization.JsonIgnore] public double ValidationOrDefault => Validation ?? 0.1;
    [System.Text.Json.Serialization.JsonIgnore] public double TestOrDefault => Test ?? 0.1;

    public static IReadOnlyList<CelRule<SplitSpec>> CelRules { get; } =
    [
        // Fractions are doubles: compare the sum with a tolerance (0.7 + 0.2 + 0.1 is not exactly 1).
        new("(has(self.train) ? self.train : 0.8) + (has(self.validation) ? self.validation : 0.1) + (has(self.test) ? self.test : 0.1) > 0.999999 && (has(self.train) ? self.train : 0.8) + (has(self.validation) ? self.validation : 0.1) + (has(self.test) ? self.test : 0.1) < 1.000001",
            "train + validation + test must sum to 1",
            s => Math.Abs(s.TrainOrDefault + s.ValidationOrDefault + s.TestOrDefault - 1) < 1e-6)
        {
            Explain = s => [new(null, $"train + validation + test must sum to 1, got {RuleText.OrDefault(s.Train, 0.8)} + {RuleText.OrDefault(s.Validation, 0.1)} + {RuleText.OrDefault(s.Test, 0.1)} = {RuleText.Number(s.TrainOrDefault + s.ValidationOrDefault + s.TestOrDefault)}")],
        },
        new("!has(self.method) || self.method != 'hash' || has(self.key)", "method hash needs key (the column to hash)",
            s => s.Method != SplitMethod.Hash || s.Key is not null) { FieldPath = ".key" },
        new("!has(self.method) || self.method != 'time' || has(self.timeColumn)", "method time needs timeColumn",
            s => s.Method != SplitMethod.Time || s.TimeColumn is not null) { FieldPath = ".timeColumn" },
        new("!has(self.key) || (has(self.method) && self.method == 'hash')", "key applies only to method hash",
            s => s.Key is null || s.Method == SplitMethod.Hash) { FieldPath = ".key" },
        new("!has(self.timeColumn) || (has(self.method) && self.method == 'time')", "timeColumn applies only to method time",
            s => s.TimeColumn is null || s.Method == SplitMethod.Time) { FieldPath = ".timeColumn" },
        new("(has(self.train) ? self.train : 0.8) > 0.0", "train fraction must be greater than 0", s => s.TrainOrDefault > 0) { FieldPath = ".train" },
        new("!has(self.stratifyBy) || !has(self.method) || self.method == 'random'", "stratifyBy applies only to method random",
            s => s.StratifyBy is null || (s.Method ?? SplitMethod.Random) == SplitMethod.Random) { FieldPath = ".stratifyBy" },
    ];
}

public sealed record DataValidationSpec
{
    [Default(0.0), Minimum(0), Maximum(1)]
    [Description("Largest fraction of rows that may violate the schema (they are dropped); above it the data is refused.")]
    public double? MaxInvalidFraction { get; init; }
}
