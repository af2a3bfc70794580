using System.CommandLine;
using GitOpsMl.Serving;
using GitOpsMl.Serving.Options;

namespace GitOpsMl.Cli.Commands;

/// <summary>
/// `gitopsml serve --bundle NAME=DIR [--bundle NAME=DIR ...] [--routing FILE] --port N` (or
/// `--config FILE`; flags override the file): the inference server of every inference pod.
/// Runs until SIGTERM/Ctrl-C, then drains in-flight requests. Exit 0 after a clean stop, 2 on bad
/// arguments or when a model has no bundle that loads at startup (unless --wait-for-bundles), 70 on an internal error.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var bundle = new Option<string[]>("--bundle", "-b") { Description = "A bundle folder to serve, as NAME=DIR (NAME: model name; default the manifest's). Repeat for more models or versions.", AllowMultipleArgumentsPerToken = false };
        var config = new Option<string?>("--config", "-c") { Description = "JSON config file (bundles, routing, batching, onnx, statistics, timeouts); flags override it." };
        var routing = new Option<string?>("--routing") { Description = "Routing file {model: {stable, canary, canaryWeight, shadow, bundles}}; hot-reloaded on change." };
        var host = new Option<string?>("--host") { Description = "Address to listen on (default 0.0.0.0)." };
        var port = new Option<int?>("--port", "-p") { Description = "TCP port (default 8080; 0 picks a free one)." };
        var maxBatch = new Option<int?>("--max-batch-size") { Description = "Most rows in one ONNX Runtime run (default 32)." };
        var maxDelay = new Option<string?>("--max-delay") { Description = "Longest wait for batch-mates, e.g. 2ms (default 2ms)." };
        var maxQueue = new Option<int?>("--max-queue") { Description = "Requests queued per version before 429 (default 1024)." };
        var targetWait = new Option<string?>("--target-queue-wait") { Description = "Queue wait an admitted request should see; beyond target × measured throughput requests get 429 before their body is read, and while overloaded a request queued longer gets 429 instead of a late answer (default 2ms; 0 turns it off)." };
        var waitForBundles = new Option<bool>("--wait-for-bundles") { Description = "Keep running, not ready, when a model has no loadable bundle at startup (e.g. a volume still filling); default: exit 2 with the reason." };
        var timeout = new Option<string?>("--request-timeout") { Description = "Per-request timeout, e.g. 5s (default 5s)." };
        var maxBody = new Option<long?>("--max-body-bytes") { Description = "Largest request body; larger gets 413 (default 4194304)." };
        var intraOp = new Option<int?>("--intra-op-threads") { Description = "ONNX Runtime threads per run (default 1)." };
        var runs = new Option<int?>("--concurrent-runs") { Description = "Batches of one version running at once (default 1)." };
        var window = new Option<string?>("--stats-window") { Description = "Sliding window of drift and quality statistics, e.g. 1h (default 1h)." };
        var logFormat = new Option<string?>("--log-format") { Description = "json (default) or text." };
        logFormat.AcceptOnlyFromAmong("json", "text");
        var accessLog = new Option<bool>("--access-log") { Description = "Log every request, not only failures." };
        var benchRoutes = new Option<bool>("--benchmark-routes") { Description = "Also map POST /_bench/fixed?bytes=N (fixed body; the benchmark's HTTP ceiling).", Hidden = true };
        var cmd = new Command("serve", "Serve model bundles over the Open Inference Protocol v2 (REST) with dynamic batching, canary/shadow routing, drift statistics and Prometheus /metrics.")
        {
            bundle, config, routing, host, port, maxBatch, maxDelay, maxQueue, targetWait, waitForBundles, timeout, maxBody, intraOp, runs, window, logFormat, accessLog, benchRoutes,
        };
        cmd.SetAction(async (parse, ct) => await RunAsync(new ServeArguments
        {
            Bundles = parse.GetValue(bundle) ?? [],
            Config = parse.GetValue(config),
            Routing = parse.GetValue(routing),
            Host = parse.GetValue(host),
            Port = parse.GetValue(port),
            MaxBatchSize = parse.GetValue(maxBatch),
            MaxDelay = parse.GetValue(maxDelay),
            MaxQueue = parse.GetValue(maxQueue),
            TargetQueueWait = parse.GetValue(targetWait),
            WaitForBundles = parse.GetValue(waitForBundles),
            RequestTimeout = parse.GetValue(timeout),
            MaxBodyBytes = parse.GetValue(maxBody),
            IntraOpThreads = parse.GetValue(intraOp),
            ConcurrentRuns = parse.GetValue(runs),
            StatsWindow = parse.GetValue(window),
            LogFormat = parse.GetValue(logFormat),
            AccessLog = parse.GetValue(accessLog),
            BenchmarkRoutes = parse.GetValue(benchRoutes),
        }, Console.Error, ct));
        return cmd;
    }

    public static async Task<int> RunAsync(ServeArguments args, TextWriter stderr, CancellationToken cancellation)
    {
        ServingOptions options;
        try
        {
            options = args.ToOptions();
            var errors = ServingOptionsValidator.Validate(options);
            if (errors.Count > 0)
            {
                foreach (var e in errors) stderr.WriteLine($"gitopsml serve: {e}");
                return ExitCodes.Usage;
            }
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"gitopsml serve: {e.Message}");
            return ExitCodes.Usage;
        }
        try
        {
            await ServingHost.RunAsync(options, cancellation);
            return ExitCodes.Ok;
        }
        catch (ServingStartupException e)
        {
            stderr.WriteLine($"gitopsml serve: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"gitopsml serve: cannot listen on {options.Host}:{options.Port}: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
