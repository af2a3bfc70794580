using GitOpsMl.Api.Common;

namespace GitOpsMl.Serving.Options;

/// <summary>
/// The flags of `gitopsml serve`, each optional. <see cref="ToOptions"/> starts from the config
/// file (--config) when given and lets every flag that was set override it.
/// </summary>
public sealed record ServeArguments
{
    public IReadOnlyList<string> Bundles { get; init; } = [];
    public string? Config { get; init; }
    public string? Routing { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public int? MaxBatchSize { get; init; }
    public string? MaxDelay { get; init; }
    public int? MaxQueue { get; init; }
    public string? TargetQueueWait { get; init; }
    public string? RequestTimeout { get; init; }
    public long? MaxBodyBytes { get; init; }
    public int? IntraOpThreads { get; init; }
    public int? ConcurrentRuns { get; init; }
    public string? StatsWindow { get; init; }
    public string? LogFormat { get; init; }
    public bool AccessLog { get; init; }
    public bool BenchmarkRoutes { get; init; }
    public bool WaitForBundles { get; init; }

    public ServingOptions ToOptions()
    {
        var o = Config is null ? new ServingOptions() : ServingOptionsFile.Load(Config);
        return o with
        {
            Bundles = Bundles.Count > 0 ? Bundles.Select(BundleSource.Parse).ToArray() : o.Bundles,
            RoutingFile = Routing ?? o.RoutingFile,
            Host = Host ?? o.Host,
            Port = Port ?? o.Port,
            Batching = o.Batching with
            {
                MaxBatchSize = MaxBatchSize ?? o.Batching.MaxBatchSize,
                MaxDelay = Duration(MaxDelay, "--max-delay") ?? o.Batching.MaxDelay,
                MaxQueue = MaxQueue ?? o.Batching.MaxQueue,
                TargetQueueWait = Duration(TargetQueueWait, "--target-queue-wait") ?? o.Batching.TargetQueueWait,
            },
            Onnx = o.Onnx with
            {
                IntraOpThreads = IntraOpThreads ?? o.Onnx.IntraOpThreads,
                ConcurrentRuns = ConcurrentRuns ?? o.Onnx.ConcurrentRuns,
            },
            Statistics = o.Statistics with { Window = Duration(StatsWindow, "--stats-window") ?? o.Statistics.Window },
            RequestTimeout = Duration(RequestTimeout, "--request-timeout") ?? o.RequestTimeout,
            MaxRequestBodyBytes = MaxBodyBytes ?? o.MaxRequestBodyBytes,
            LogFormat = LogFormat ?? o.LogFormat,
            AccessLog = AccessLog || o.AccessLog,
            BenchmarkRoutes = BenchmarkRoutes || o.BenchmarkRoutes,
            WaitForBundles = WaitForBundles || o.WaitForBundles,
        };
    }

    private static TimeSpan? Duration(string? text, string flag) =>
        text is null ? null
        : GoDuration.TryParse(text, out var v) ? v
        : throw new FormatException($"{flag}: '{text}' is not {Patterns.DurationExpected}");
}
