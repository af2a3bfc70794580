using System.Globalization;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Execution;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// Everything that runs for one Deployment: its replicas (`gitopsml serve` on loopback ports, each
/// loading the stable bundle and following STATE/serving/NS/NAME/routing.json), its front proxy, and
/// a supervisor that restarts crashed replicas with backoff, probes readiness and keeps the proxy
/// pointed at the ready replicas.
/// </summary>
internal sealed class DeploymentServer : IAsyncDisposable
{
    private readonly LocalExecutionOptions _options;
    private readonly HttpClient _http;
    private readonly RestartBackoff _backoff;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SortedDictionary<int, ServingReplica> _replicas = [];
    private readonly CancellationTokenSource _stopping = new();
    private ServingPlan? _plan;
    private FrontProxy? _front;
    private Task? _supervisor;

    public DeploymentServer(ObjectKey deployment, LocalExecutionOptions options, HttpClient http)
    {
        Deployment = deployment;
        _options = options;
        _http = http;
        _backoff = new RestartBackoff(options.FirstRestartDelay, options.MaxRestartDelay, options.BackoffResetAfter);
        Folder = FolderOf(options, deployment);
    }

    public ObjectKey Deployment { get; }
    public string Folder { get; }
    public string RoutingFile => Path.Combine(Folder, "routing.json");
    private string FrontPortFile => Path.Combine(Folder, "front-port");

    public static string FolderOf(LocalExecutionOptions options, ObjectKey deployment) =>
        Path.Combine(options.StateRoot, "serving", deployment.Namespace, deployment.Name);

    public async Task<ServingState> ApplyAsync(ServingPlan plan, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _plan = plan;
            Directory.CreateDirectory(Folder);
            var routing = RoutingFileContent.For(plan);
            if (!File.Exists(RoutingFile) || !File.ReadAllBytes(RoutingFile).AsSpan().SequenceEqual(routing))
                AtomicFile.WriteBytes(RoutingFile, routing); // replicas pick it up on their next poll; no restart
            await EnsureFrontAsync(plan, ct).ConfigureAwait(false);
            var signature = SignatureOf(plan);
            for (var i = 0; i < Math.Max(plan.Replicas, 0); i++)
            {
                if (!_replicas.TryGetValue(i, out var replica))
                {
                    replica = new ServingReplica(i, $"{Deployment.Name}-{i}", Path.Combine(Folder, "replicas", i.ToString(CultureInfo.InvariantCulture)));
                    _replicas[i] = replica;
                    Start(replica, plan);
                }
                else if (replica.Signature != signature)
                {
                    await StopAsync(replica).ConfigureAwait(false);
                    Start(replica, plan);
                }
            }
            foreach (var extra in _replicas.Values.Where(r => r.Index >= plan.Replicas).ToArray())
            {
                _replicas.Remove(extra.Index);
                await StopAsync(extra).ConfigureAwait(false);
                TryDelete(extra.Folder);
            }
            _supervisor ??= Task.Run(SuperviseAsync, CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
        await TickAsync(ct).ConfigureAwait(false);
        return Snapshot();
    }

    public ServingState Snapshot()
    {
        lock (_replicas)
        {
            var plan = _plan;
            var canary = plan?.Canary is { } c && c.Version != plan.Stable.Version ? c : null;
            return new ServingState(Deployment, _front?.Url,
                _replicas.Values.Select(r => new ReplicaState(r.Name, r.Endpoint, r.Ready, r.Restarts) { Message = r.Message }).ToArray())
            {
                StableVersion = plan?.Stable.Version,
                CanaryVersion = canary?.Version,
                CanaryWeight = canary is null ? 0 : plan!.CanaryWeight,
            };
        }
    }

    private async Task EnsureFrontAsync(ServingPlan plan, CancellationToken ct)
    {
        if (_front is not null && (plan.FrontPort == 0 || plan.FrontPort == _front.Port)) return;
        if (_front is not null) await _front.DisposeAsync().ConfigureAwait(false);
        // FrontPort 0 picks a port once and keeps it, across restarts of the control plane too, so the URL in status stays true.
        var port = plan.FrontPort != 0 ? plan.FrontPort
            : ProcessTable.ReadPid(FrontPortFile) is { } saved && FreePorts.IsFree(saved) ? saved
            : FreePorts.Pick();
        _front = await FrontProxy.StartAsync(port, ct).ConfigureAwait(false);
        AtomicFile.WriteText(FrontPortFile, port.ToString(CultureInfo.InvariantCulture));
    }

    private string SignatureOf(ServingPlan plan) => string.Join(' ', ServeFlags(plan));

    private IEnumerable<string> ServeFlags(ServingPlan plan)
    {
        yield return plan.ModelName;
        if (plan.MaxBatchSize is { } b) { yield return "--max-batch-size"; yield return b.ToString(CultureInfo.InvariantCulture); }
        if (plan.MaxDelay is { } d) { yield return "--max-delay"; yield return d.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"; }
        if (plan.MaxQueue is { } q) { yield return "--max-queue"; yield return q.ToString(CultureInfo.InvariantCulture); }
        if (plan.StatisticsWindow is { } w) { yield return "--stats-window"; yield return w.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"; }
        if (plan.IntraOpThreads is { } t) { yield return "--intra-op-threads"; yield return t.ToString(CultureInfo.InvariantCulture); }
    }

    private void Start(ServingReplica replica, ServingPlan plan)
    {
        // A leftover from an earlier process of this replica must be gone first: never two servers for one replica.
        KillRecorded(replica.Folder, _options.StateRoot);
        replica.Port = FreePorts.Pick();
        List<string> args =
        [
            .. _options.Command.PrefixArguments, "serve",
            "--bundle", $"{plan.ModelName}={Path.GetFullPath(plan.Stable.BundlePath)}",
            "--routing", RoutingFile, "--host", "127.0.0.1", "--port", replica.Port.ToString(CultureInfo.InvariantCulture),
            .. ServeFlags(plan).Skip(1),
        ];
        var log = Path.Combine(_options.Logs, "serving", $"{Deployment.Namespace}.{replica.Name}.log");
        replica.Process = WatchedProcess.Start(new ChildLaunch(_options.Command.FileName, args, replica.Folder, log, log, _options.StateRoot), _options.StopGrace);
        replica.Signature = SignatureOf(plan);
        replica.StartedAt = _options.Time.GetUtcNow();
        replica.RestartAt = null;
        lock (_replicas) { replica.Ready = false; replica.Message = "starting"; }
    }

    private static async Task StopAsync(ServingReplica replica)
    {
        if (replica.Process is { } p) await p.DisposeAsync().ConfigureAwait(false);
        replica.Process = null;
    }

    /// <summary>Kills the processes recorded in a replica folder when they are still alive and ours.</summary>
    public static void KillRecorded(string folder, string token)
    {
        var records = new ChildLaunch("", [], folder, "", "", token);
        var pids = new[] { ProcessTable.ReadPid(records.ShellPidFile), ProcessTable.ReadPid(records.ChildPidFile) }.OfType<int>().ToArray();
        var killed = false;
        foreach (var pid in pids) killed |= ProcessTable.KillIfOurs(pid, token);
        if (killed) ProcessTable.WaitGoneAsync(pids, token, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
    }

    private async Task SuperviseAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ProbeInterval, _options.Time, _stopping.Token).ConfigureAwait(false);
                await TickAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One supervision step: restart what crashed (after its backoff), probe, and update the proxy.</summary>
    private async Task TickAsync(CancellationToken ct)
    {
        ServingPlan plan;
        ServingReplica[] running;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_plan is not { } current) return;
            plan = current;
            var now = _options.Time.GetUtcNow();
            foreach (var r in _replicas.Values)
            {
                if (r.Process is { HasExited: true } crashed && r.RestartAt is null)
                {
                    r.ConsecutiveCrashes = _backoff.NextCrashCount(r.ConsecutiveCrashes, now - r.StartedAt);
                    var delay = _backoff.Delay(r.ConsecutiveCrashes);
                    r.RestartAt = now + delay;
                    lock (_replicas)
                    {
                        r.Ready = false;
                        r.Message = $"exited with code {crashed.ExitCode} (see {crashed.Launch.StderrPath}); restarting in {delay.TotalSeconds:0.#}s";
                    }
                    await crashed.DisposeAsync().ConfigureAwait(false);
                }
                if (r.RestartAt is { } at && at <= now)
                {
                    r.Restarts++;
                    Start(r, plan);
                }
            }
            running = _replicas.Values.Where(r => r.Process is { HasExited: false }).ToArray();
        }
        finally
        {
            _gate.Release();
        }
        var probes = await Task.WhenAll(running.Select(r => ProbeAsync(r.Endpoint, plan.ModelName, ct))).ConfigureAwait(false);
        lock (_replicas)
        {
            for (var i = 0; i < running.Length; i++)
            {
                if (running[i].Process is not { HasExited: false }) continue;
                running[i].Ready = probes[i] is null;
                running[i].Message = probes[i];
            }
            _front?.SetDestinations(_replicas.Values.Where(r => r.Ready).ToDictionary(r => r.Name, r => r.Endpoint));
        }
    }

    /// <summary>Null when the replica answers /v2/health/ready and /v2/models/{model}/ready with 200; else why not.</summary>
    private async Task<string?> ProbeAsync(Uri endpoint, string model, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            foreach (var path in new[] { "v2/health/ready", $"v2/models/{Uri.EscapeDataString(model)}/ready" })
            {
                using var response = await _http.GetAsync(new Uri(endpoint, path), timeout.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode) return $"/{path} answered {(int)response.StatusCode}";
            }
            return null;
        }
        catch (HttpRequestException e)
        {
            return $"not answering yet: {e.Message}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return "readiness probe timed out after 1s";
        }
    }

    /// <summary>Stops the supervisor, every replica and the front proxy.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_supervisor is { } s) await s.ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_replicas.Values.Select(StopAsync)).ConfigureAwait(false);
            if (_front is not null) await _front.DisposeAsync().ConfigureAwait(false);
            _front = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }

    public void DeleteFolder() => TryDelete(Folder);
}
