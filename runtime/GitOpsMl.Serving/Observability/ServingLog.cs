using Microsoft.Extensions.Logging;

namespace GitOpsMl.Serving.Observability;

/// <summary>The server's structured log events; every request event carries RequestId, Model and Version.</summary>
public static partial class ServingLog
{
    [LoggerMessage(1, LogLevel.Information, "Loaded {Model} version {Version} from {Directory} ({Task}, {Inputs} inputs, sha256 {Sha256})")]
    public static partial void BundleLoaded(ILogger logger, string model, string version, string directory, string task, int inputs, string sha256);

    [LoggerMessage(2, LogLevel.Error, "Refused bundle {Directory} for {Model}: {Reason}")]
    public static partial void BundleRefused(ILogger logger, string model, string directory, string reason);

    [LoggerMessage(3, LogLevel.Information, "Routing for {Model}: stable {Stable}, canary {Canary} at {Weight}%, shadow {Shadow}")]
    public static partial void RouteApplied(ILogger logger, string model, string stable, string? canary, double weight, bool shadow);

    [LoggerMessage(4, LogLevel.Warning, "Routing for {Model}: {Problem}")]
    public static partial void RouteProblem(ILogger logger, string model, string problem);

    [LoggerMessage(5, LogLevel.Error, "Routing file {Path} refused, previous routing kept: {Reason}")]
    public static partial void RoutingRefused(ILogger logger, string path, string reason);

    [LoggerMessage(6, LogLevel.Information, "{Method} {Path} {Status} {Model} {Version} {Rows} rows {ElapsedMs:0.000} ms request {RequestId}")]
    public static partial void Access(ILogger logger, string method, string path, int status, string model, string version, int rows, double elapsedMs, string requestId);

    [LoggerMessage(7, LogLevel.Information, "Request {RequestId} to {Model}: {Status} {Error}")]
    public static partial void RequestRejected(ILogger logger, string requestId, string model, int status, string error);

    [LoggerMessage(8, LogLevel.Error, "Model run failed for {Model} version {Version} ({Requests} requests): {Error}")]
    public static partial void RunFailed(ILogger logger, Exception exception, string model, string version, int requests, string error);

    [LoggerMessage(9, LogLevel.Information, "Draining: no longer ready, waiting for in-flight requests")]
    public static partial void Draining(ILogger logger);

    [LoggerMessage(10, LogLevel.Information, "Serving on {Urls}")]
    public static partial void Listening(ILogger logger, string urls);

    [LoggerMessage(11, LogLevel.Critical, "Stopping: {Reason} (start with --wait-for-bundles to keep running until bundles appear)")]
    public static partial void StartupFailed(ILogger logger, string reason);
}
