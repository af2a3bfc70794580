namespace GitOpsMl.Serving.Options;

/// <summary>
/// Everything `gitopsml serve` is configured with. Built from command-line flags, a JSON config
/// file (<see cref="ServingOptionsFile"/>), or both (flags win).
/// </summary>
public sealed record ServingOptions
{
    /// <summary>Bundles loaded at startup. Several bundles may share a name: they become versions of one model.</summary>
    public IReadOnlyList<BundleSource> Bundles { get; init; } = [];

    /// <summary>Routing file (stable/canary/weight/shadow per model), polled and hot-reloaded; null = latest loaded version serves.</summary>
    public string? RoutingFile { get; init; }

    /// <summary>How often the routing file is checked for changes.</summary>
    public TimeSpan RoutingPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public string Host { get; init; } = "0.0.0.0";

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; init; } = 8080;

    public BatchingOptions Batching { get; init; } = new();

    public OnnxThreadingOptions Onnx { get; init; } = new();

    public StatisticsOptions Statistics { get; init; } = new();

    /// <summary>Longest time a request may wait for its answer (queue + run) before a 503.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest accepted request body; larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most rows a request can carry: every row needs at least one value and a separator, so half the body limit.</summary>
    public long MaxRequestRows => Math.Max(1, MaxRequestBodyBytes / 2);

    /// <summary>Longest time shutdown waits for in-flight requests to finish.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Logs one structured line per request (Information) instead of only failures.</summary>
    public bool AccessLog { get; init; }

    /// <summary>"json" (one JSON object per line, the default in pods) or "text".</summary>
    public string LogFormat { get; init; } = "json";

    /// <summary>Maps POST /_bench/fixed, a route that returns a fixed body: the benchmark's HTTP ceiling.</summary>
    public bool BenchmarkRoutes { get; init; }

    /// <summary>
    /// false (default): when a model has no bundle that loads at startup, the server stops with the
    /// reason (a mistyped path must not look like a slow start). true: keep running, not ready, as
    /// for a pod whose bundle volume is still being filled; routing-file reloads can add bundles later.
    /// </summary>
    public bool WaitForBundles { get; init; }
}
