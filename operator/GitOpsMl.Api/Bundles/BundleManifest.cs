namespace GitOpsMl.Api.Bundles;

/// <summary>
/// manifest.json of an artifact bundle: the sha256 of every file (the server refuses a bundle
/// whose bytes differ) and the lineage that makes the run reproducible.
/// </summary>
public sealed record BundleManifest
{
    public const string FileName = "manifest.json";
    public const string ModelFile = "model.onnx";
    public const string MetricsFile = "metrics.json";
    public const string ProfileFile = "profile.json";
    public const string TransformsFile = "transforms.json";
    public const string ModelCardFile = "model-card.md";

    public string Format { get; init; } = "gitopsml.io/bundle/v1";

    /// <summary>Model name (the Model object); the server's default model name.</summary>
    public required string Model { get; init; }

    /// <summary>Content-derived version id (first 12 hex of the model.onnx sha256) unless the registry assigns a number.</summary>
    public required string Version { get; init; }

    public required string Task { get; init; }

    /// <summary>Class labels in output order (classification); empty for regression.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Raw input columns of model.onnx, in order: name and "numeric", "bool", "categorical" or "timestamp".</summary>
    public required IReadOnlyList<BundleInput> Inputs { get; init; }

    /// <summary>file name → lowercase hex sha256 of its bytes. Covers every file except manifest.json.</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    public required BundleLineage Lineage { get; init; }
}

/// <summary>
/// One raw input of model.onnx. numeric: float [N,1], NaN missing. bool: the same float [N,1] of
/// 1/0 (NaN missing), for a Dataset column of type bool, so the server takes true/false and the
/// data readers' spellings ("yes", "no", …; <see cref="Common.BoolText"/>) as well as 1/0; a
/// bundle written before this kind existed says numeric for such a column. categorical: string [N,1], ""
/// missing. timestamp: double [N,1] of Unix seconds, NaN missing; clients send the timestamp as
/// text and the server parses it with the data readers' parser (<see cref="Common.TimestampText"/>).
/// </summary>
public sealed record BundleInput(string Name, string Kind)
{
    public const string Numeric = "numeric";
    public const string Bool = "bool";
    public const string Categorical = "categorical";
    public const string Timestamp = "timestamp";
}

public sealed record BundleLineage
{
    public string? DatasetSha256 { get; init; }
    public string? FeatureSetHash { get; init; }
    public string? SpecHash { get; init; }
    public string? GitCommit { get; init; }
    public long Seed { get; init; }
    public string? Device { get; init; }
    public string? TorchSharpVersion { get; init; }
    public string? OnnxRuntimeVersion { get; init; }
    public IReadOnlyDictionary<string, string> Hyperparameters { get; init; } = new Dictionary<string, string>();
}
