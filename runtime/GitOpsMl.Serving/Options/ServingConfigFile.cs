namespace GitOpsMl.Serving.Options;

/// <summary>
/// The JSON config file of `gitopsml serve --config FILE` (camelCase; durations as Go strings
/// such as "2ms" or "1h"). Every field is optional; see README for an example.
/// </summary>
public sealed record ServingConfigFile
{
    public List<ConfigBundle>? Bundles { get; init; }
    public string? RoutingFile { get; init; }
    public string? RoutingPollInterval { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public ConfigBatching? Batching { get; init; }
    public OnnxThreadingOptions? Onnx { get; init; }
    public ConfigStatistics? Statistics { get; init; }
    public string? RequestTimeout { get; init; }
    public long? MaxRequestBodyBytes { get; init; }
    public string? DrainTimeout { get; init; }
    public bool? AccessLog { get; init; }
    public bool? WaitForBundles { get; init; }
    public string? LogFormat { get; init; }
    public bool? BenchmarkRoutes { get; init; }
}

public sealed record ConfigBundle(string? Name, string Path);

public sealed record ConfigBatching
{
    public int? MaxBatchSize { get; init; }
    public string? MaxDelay { get; init; }
    public int? MaxQueue { get; init; }
    public string? TargetQueueWait { get; init; }
    public bool? Adaptive { get; init; }
    public int? PadRowsTo { get; init; }
}

public sealed record ConfigStatistics
{
    public string? Window { get; init; }
    public int? Buckets { get; init; }
    public int? PredictionStoreRows { get; init; }
    public int? QualitySamples { get; init; }
    public double? ShadowRegressionTolerance { get; init; }
}
