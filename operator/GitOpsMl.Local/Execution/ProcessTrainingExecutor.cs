using System.Collections.Concurrent;
using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Data.Remote;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// Runs each training run as a `gitopsml train` child process (through <see cref="WatchedProcess"/>,
/// so it dies with the control plane). Layout under the state folder:
/// runs/RUN/manifests (the objects), runs/RUN/state.json (<see cref="TrainingRunRecord"/>),
/// runs/RUN/process (the watchdog's pid and exit records), logs/train/RUN.jsonl (progress, stdout)
/// and logs/train/RUN.log (stderr); the bundle goes to ARTIFACTS/RUN. Everything a restarted control
/// plane needs is on disk: a finished run is reported from state.json, a run whose process is gone
/// without a result is Failed and Interrupted.
/// </summary>
public sealed class ProcessTrainingExecutor : ITrainingExecutor, IAsyncDisposable
{
    private readonly LocalExecutionOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);
    private bool _disposed;

    public ProcessTrainingExecutor(LocalExecutionOptions options)
    {
        _options = options;
        Directory.CreateDirectory(RunsRoot);
        // File.Delete of a stale log throws when its folder does not exist yet (a fresh state directory).
        Directory.CreateDirectory(Path.Combine(_options.Logs, "train"));
    }

    private string RunsRoot => Path.Combine(_options.StateRoot, "runs");
    private string RunFolder(string run) => Path.Combine(RunsRoot, run);
    private string StateFile(string run) => Path.Combine(RunFolder(run), "state.json");
    private string ManifestFolder(string run) => Path.Combine(RunFolder(run), "manifests");
    private string ProgressLog(string run) => Path.Combine(_options.Logs, "train", run + ".jsonl");
    private string ErrorLog(string run) => Path.Combine(_options.Logs, "train", run + ".log");
    private string OutputFolder(string run) => Path.Combine(_options.Artifacts, run);

    private ChildLaunch LaunchOf(TrainingRunRequest request)
    {
        var run = request.RunName;
        List<string> args =
        [
            .. _options.Command.PrefixArguments, "train", ManifestFolder(run), "--job", request.Job.Name, "--namespace", request.Job.Namespace,
            "--out", OutputFolder(run), "--data-cache", DataCacheLocation.For(_options.StateRoot),
        ];
        if (request.DataRoot is { } root) args.AddRange(["--data-root", Path.GetFullPath(root)]);
        return new ChildLaunch(_options.Command.FileName, args, Path.Combine(RunFolder(run), "process"), ProgressLog(run), ErrorLog(run), _options.StateRoot);
    }

    private static ChildLaunch RecordsOf(string runFolder, string token) =>
        new("", [], Path.Combine(runFolder, "process"), "", "", token);

    public async Task<TrainingRunState> EnsureStartedAsync(TrainingRunRequest request, CancellationToken ct = default)
    {
        RunNames.Check(request.RunName);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (ObserveLocked(request.RunName) is { } existing) return existing;
            var run = request.RunName;
            Directory.CreateDirectory(RunFolder(run));
            RunManifestWriter.Write(ManifestFolder(run), request.Objects);
            Directory.CreateDirectory(Path.GetDirectoryName(ProgressLog(run))!);
            foreach (var stale in new[] { ProgressLog(run), ErrorLog(run) }) File.Delete(stale);
            var record = new TrainingRunRecord(run, TrainingRunPhase.Running, _options.Time.GetUtcNow())
            {
                Timeout = request.Timeout,
                OutputPath = OutputFolder(run),
            };
            var process = WatchedProcess.Start(LaunchOf(request), _options.StopGrace);
            record = record with { ShellPid = process.ShellPid };
            Save(record);
            var active = new ActiveRun(process, new ProgressFileReader(ProgressLog(run)));
            _active[run] = active;
            active.Completion = Task.Run(() => WatchAsync(record, active), CancellationToken.None);
            return record.ToState(active.Reader.Read());
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<TrainingRunState?> ObserveAsync(string runName, CancellationToken ct = default)
    {
        RunNames.Check(runName);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try { return ObserveLocked(runName); }
        finally { _gate.Release(); }
    }

    public async Task CancelAsync(string runName, CancellationToken ct = default)
    {
        RunNames.Check(runName);
        if (_active.TryGetValue(runName, out var active))
        {
            active.Cancelled = true;
            await active.Process.StopAsync().ConfigureAwait(false);
            await active.Completion.WaitAsync(ct).ConfigureAwait(false);
            return;
        }
        await ObserveAsync(runName, ct).ConfigureAwait(false); // a run left by an earlier control plane is cleaned up and recorded
    }

    private TrainingRunState? ObserveLocked(string run)
    {
        var record = Load(run);
        if (record is null) return null;
        if (record.IsFinished) return record.ToState();
        if (_active.TryGetValue(run, out var active))
        {
            var live = active.Reader.Read();
            return record.ToState(live) with { Device = live.Device };
        }
        return Recover(record).ToState();
    }

    /// <summary>
    /// A run recorded as running that no process of ours watches: the control plane that started it
    /// stopped. Its child died with it (or is killed now — never two trainers for one run), and the
    /// records beside it tell whether it finished first.
    /// </summary>
    private TrainingRunRecord Recover(TrainingRunRecord record)
    {
        var records = RecordsOf(RunFolder(record.RunName), _options.StateRoot);
        var killed = false;
        var pids = new[] { record.ShellPid, ProcessTable.ReadPid(records.ChildPidFile) }.OfType<int>().ToArray();
        foreach (var pid in pids) killed |= ProcessTable.KillIfOurs(pid, _options.StateRoot);
        if (killed) ProcessTable.WaitGoneAsync(pids, _options.StateRoot, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        var exitCode = ProcessTable.ReadPid(records.ExitFile) is { } c ? c : File.Exists(records.ExitFile) ? 0 : (int?)null;
        var end = new TrainingRunEnd(exitCode, Stopped: killed || File.Exists(records.StoppedFile), TimedOut: false, Cancelled: false,
            BundleWritten: BundleWritten(record.RunName), new ProgressFileReader(ProgressLog(record.RunName)).Read(), _options.Time.GetUtcNow());
        var finished = TrainingRunOutcome.Finish(record, end);
        Save(finished);
        return finished;
    }

    private async Task WatchAsync(TrainingRunRecord record, ActiveRun active)
    {
        using var timeout = new CancellationTokenSource();
        if (record.Timeout is { } limit)
        {
            _ = Task.Delay(limit, _options.Time, timeout.Token).ContinueWith(async t =>
            {
                if (t.IsCanceled) return;
                active.TimedOut = true;
                await active.Process.StopAsync().ConfigureAwait(false);
            }, TaskScheduler.Default);
        }
        await active.Process.Exited.ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var records = active.Process.Launch;
            var end = new TrainingRunEnd(active.Process.ExitCode, File.Exists(records.StoppedFile), active.TimedOut, active.Cancelled,
                BundleWritten(record.RunName), active.Reader.Read(), _options.Time.GetUtcNow());
            Save(TrainingRunOutcome.Finish(record, end));
            _active.TryRemove(record.RunName, out _);
        }
        finally
        {
            _gate.Release();
        }
        await active.Process.DisposeAsync().ConfigureAwait(false);
    }

    private bool BundleWritten(string run) => File.Exists(Path.Combine(OutputFolder(run), "manifest.json"));

    private TrainingRunRecord? Load(string run)
    {
        var file = StateFile(run);
        if (!File.Exists(file)) return null;
        return JsonSerializer.Deserialize<TrainingRunRecord>(File.ReadAllBytes(file), ApiJson.Options)
            ?? throw new InvalidDataException($"{file}: empty run record");
    }

    private void Save(TrainingRunRecord record) =>
        AtomicFile.WriteText(StateFile(record.RunName), JsonSerializer.Serialize(record, ApiJson.Indented));

    /// <summary>Stops every running run (each is recorded Interrupted, and retried by the next control plane).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        _disposed = true;
        _gate.Release();
        var running = _active.Values.ToArray();
        await Task.WhenAll(running.Select(a => a.Process.StopAsync())).ConfigureAwait(false);
        await Task.WhenAll(running.Select(a => a.Completion)).ConfigureAwait(false);
    }

    private sealed class ActiveRun(WatchedProcess process, ProgressFileReader reader)
    {
        public WatchedProcess Process { get; } = process;
        public ProgressFileReader Reader { get; } = reader;
        public Task Completion { get; set; } = Task.CompletedTask;
        public volatile bool Cancelled;
        public volatile bool TimedOut;
    }
}
