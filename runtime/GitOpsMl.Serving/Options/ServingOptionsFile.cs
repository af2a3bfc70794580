using System.Text.Json;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Serving.Options;

/// <summary>Reads a <see cref="ServingConfigFile"/> and turns it into <see cref="ServingOptions"/>.</summary>
public static class ServingOptionsFile
{
    /// <summary>Loads FILE; relative bundle and routing paths are resolved against FILE's folder.</summary>
    public static ServingOptions Load(string path)
    {
        ServingConfigFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ServingConfigFile>(File.ReadAllBytes(path), ApiJson.Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not a valid serve config: {e.Message}", e);
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Apply(new ServingOptions(), file ?? new ServingConfigFile(), folder);
    }

    public static ServingOptions Apply(ServingOptions o, ServingConfigFile f, string baseFolder)
    {
        string Resolve(string p) => Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(baseFolder, p));
        var batching = f.Batching is { } b
            ? o.Batching with
            {
                MaxBatchSize = b.MaxBatchSize ?? o.Batching.MaxBatchSize,
                MaxDelay = Duration(b.MaxDelay, "batching.maxDelay") ?? o.Batching.MaxDelay,
                MaxQueue = b.MaxQueue ?? o.Batching.MaxQueue,
                TargetQueueWait = Duration(b.TargetQueueWait, "batching.targetQueueWait") ?? o.Batching.TargetQueueWait,
                Adaptive = b.Adaptive ?? o.Batching.Adaptive,
                PadRowsTo = b.PadRowsTo ?? o.Batching.PadRowsTo,
            }
            : o.Batching;
        var stats = f.Statistics is { } s
            ? o.Statistics with
            {
                Window = Duration(s.Window, "statistics.window") ?? o.Statistics.Window,
                Buckets = s.Buckets ?? o.Statistics.Buckets,
                PredictionStoreRows = s.PredictionStoreRows ?? o.Statistics.PredictionStoreRows,
                QualitySamples = s.QualitySamples ?? o.Statistics.QualitySamples,
                ShadowRegressionTolerance = s.ShadowRegressionTolerance ?? o.Statistics.ShadowRegressionTolerance,
            }
            : o.Statistics;
        return o with
        {
            Bundles = f.Bundles is { } bundles ? bundles.Select(x => new BundleSource(x.Name, Resolve(x.Path))).ToArray() : o.Bundles,
            RoutingFile = f.RoutingFile is { } r ? Resolve(r) : o.RoutingFile,
            RoutingPollInterval = Duration(f.RoutingPollInterval, "routingPollInterval") ?? o.RoutingPollInterval,
            Host = f.Host ?? o.Host,
            Port = f.Port ?? o.Port,
            Batching = batching,
            Onnx = f.Onnx ?? o.Onnx,
            Statistics = stats,
            RequestTimeout = Duration(f.RequestTimeout, "requestTimeout") ?? o.RequestTimeout,
            MaxRequestBodyBytes = f.MaxRequestBodyBytes ?? o.MaxRequestBodyBytes,
            DrainTimeout = Duration(f.DrainTimeout, "drainTimeout") ?? o.DrainTimeout,
            AccessLog = f.AccessLog ?? o.AccessLog,
            WaitForBundles = f.WaitForBundles ?? o.WaitForBundles,
            LogFormat = f.LogFormat ?? o.LogFormat,
            BenchmarkRoutes = f.BenchmarkRoutes ?? o.BenchmarkRoutes,
        };
    }

    private static TimeSpan? Duration(string? text, string field) =>
        text is null ? null
        : GoDuration.TryParse(text, out var v) ? v
        : throw new FormatException($"{field}: '{text}' is not {Patterns.DurationExpected}");
}
