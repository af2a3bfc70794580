using System.Diagnostics;

namespace GitOpsMl.Testing.Kubernetes;

/// <summary>
/// A control-plane process that cannot outlive the test host. It runs under a tiny /bin/sh
/// watchdog: the binary gets its own session and process group (setsid), so a terminal's Ctrl+C
/// does not hit it half-way; the watchdog reads its stdin, a pipe from this process, and when that
/// pipe closes — <see cref="StopAsync"/>, or the test host exiting or being killed, even with
/// SIGKILL — or the watchdog gets SIGINT/SIGTERM/SIGHUP, it sends the binary SIGTERM and, after a
/// deadline, SIGKILL. Exactly that pid is signalled, never a name.
/// </summary>
public sealed class WatchedProcess : IAsyncDisposable
{
    private const string Watchdog = """
        log=$1; pidfile=$2; deadline=$3; shift 3
        setsid "$@" </dev/null >>"$log" 2>&1 &
        pid=$!
        echo "$pid" >"$pidfile"
        stop() {
          trap '' INT TERM HUP
          kill -TERM "$pid" 2>/dev/null
          i=0
          while [ "$i" -lt "$((deadline * 10))" ]; do
            state=$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)
            if [ -z "$state" ] || [ "$state" = Z ]; then break; fi
            sleep 0.1; i=$((i + 1))
          done
          kill -KILL "$pid" 2>/dev/null
          wait "$pid" 2>/dev/null
          exit 0
        }
        trap stop INT TERM HUP
        while IFS= read -r line; do [ "$line" = stop ] && break; done
        stop
        """;

    private readonly Process _watchdog;
    private readonly TimeSpan _stopDeadline;

    private WatchedProcess(string name, string logFile, Process watchdog, int pid, TimeSpan stopDeadline)
    {
        Name = name;
        LogFile = logFile;
        this._watchdog = watchdog;
        Pid = pid;
        this._stopDeadline = stopDeadline;
    }

    public string Name { get; }
    public string LogFile { get; }

    /// <summary>The pid of the binary itself (not of its watchdog).</summary>
    public int Pid { get; }

    public static async Task<WatchedProcess> StartAsync(string name, string binary, IEnumerable<string> args, string directory, TimeSpan stopDeadline)
    {
        var logFile = Path.Combine(directory, name + ".log");
        var pidFile = Path.Combine(directory, name + ".pid");
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var a in new[] { "-c", Watchdog, "watchdog", logFile, pidFile, ((int)Math.Ceiling(stopDeadline.TotalSeconds)).ToString(), binary })
            start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        var watchdog = Process.Start(start) ?? throw new InvalidOperationException("cannot start /bin/sh for " + name);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
                return new WatchedProcess(name, logFile, watchdog, pid, stopDeadline);
            if (watchdog.HasExited || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                if (!watchdog.HasExited) watchdog.Kill();
                throw new InvalidOperationException($"the watchdog of {name} did not start it");
            }
            await Task.Delay(10);
        }
    }

    /// <summary>True once the binary has exited (Linux /proc: gone, or a zombie its watchdog has not reaped).</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{Pid}/stat");
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                return state is "Z" or "X";
            }
            catch (IOException) { return true; }
            catch (UnauthorizedAccessException) { return false; }
        }
    }

    /// <summary>The last lines of the binary's log, for failure messages.</summary>
    public string LogTail(int lines = 30)
    {
        try { return string.Join("\n", File.ReadLines(LogFile).TakeLast(lines)); }
        catch (IOException e) { return $"(no log: {e.Message})"; }
    }

    /// <summary>SIGTERM, then SIGKILL after the deadline; returns when the binary is gone.</summary>
    public async Task StopAsync()
    {
        try
        {
            await _watchdog.StandardInput.WriteLineAsync("stop");
            _watchdog.StandardInput.Close();
        }
        catch (IOException) { /* the watchdog is gone already: fall through to the checks below */ }
        using var timeout = new CancellationTokenSource(_stopDeadline + TimeSpan.FromSeconds(10));
        try { await _watchdog.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { _watchdog.Kill(); }
        if (!HasExited) KillBinary();
    }

    private void KillBinary()
    {
        try { Process.GetProcessById(Pid).Kill(); }
        catch (ArgumentException) { /* already gone */ }
        catch (InvalidOperationException) { /* already gone */ }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_watchdog.HasExited || !HasExited) await StopAsync();
        _watchdog.Dispose();
    }
}
