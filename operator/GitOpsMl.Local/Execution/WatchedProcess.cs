using System.Diagnostics;
using System.Globalization;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// A child process that cannot outlive the control plane. It is started through a small
/// /bin/sh watchdog whose stdin is a pipe held only by this process: when the pipe closes —
/// because <see cref="StopAsync"/> closed it, or because the control plane died, even by SIGKILL,
/// and the kernel closed it — the watchdog sends the child SIGTERM, then SIGKILL after a grace
/// period. The watchdog records the child's pid and exit code beside it, so a restarted control
/// plane can tell a finished child from an interrupted one. (PR_SET_PDEATHSIG is not usable from
/// .NET: it fires when the forking thread exits, and thread-pool threads come and go.)
/// </summary>
public sealed class WatchedProcess : IAsyncDisposable
{
    // $1 record folder, $2 stdout log, $3 stderr log, $4 grace in tenths of a second, then the command.
    // fd 3 keeps the parent's pipe: asynchronous lists get /dev/null as stdin, so the watcher reads fd 3.
    private const string Watchdog = """
        d=$1; out=$2; err=$3; grace=$4; shift 4
        exec 3<&0 0</dev/null 1>>"$err" 2>&1
        "$@" >>"$out" 2>>"$err" 3<&- &
        child=$!
        echo "$child" > "$d/child.pid"
        ( while read -r _ <&3; do :; done
          : > "$d/stopped"
          kill -TERM "$child" 2>/dev/null
          i=0
          while kill -0 "$child" 2>/dev/null && [ "$i" -lt "$grace" ]; do sleep 0.1; i=$((i+1)); done
          kill -KILL "$child" 2>/dev/null ) &
        watcher=$!
        exec 3<&-
        wait "$child"
        code=$?
        kill "$watcher" 2>/dev/null
        echo "$code" > "$d/exit.tmp" && mv "$d/exit.tmp" "$d/exit"
        exit "$code"
        """;

    private readonly Process _shell;
    private readonly TimeSpan _grace;
    private int _stopping;

    private WatchedProcess(ChildLaunch launch, Process shell, TimeSpan grace)
    {
        Launch = launch;
        _shell = shell;
        _grace = grace;
        Exited = shell.WaitForExitAsync();
    }

    public ChildLaunch Launch { get; }

    /// <summary>The watchdog shell's pid (the child's is in <see cref="ChildLaunch.ChildPidFile"/>).</summary>
    public int ShellPid => _shell.Id;

    /// <summary>Completes when the watchdog exited, which it does right after the child.</summary>
    public Task Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    /// <summary>The child's exit code once it ended (128+N when killed by signal N).</summary>
    public int? ExitCode => HasExited ? _shell.ExitCode : null;

    public static WatchedProcess Start(ChildLaunch launch, TimeSpan grace)
    {
        Directory.CreateDirectory(launch.Directory);
        Directory.CreateDirectory(Path.GetDirectoryName(launch.StdoutPath)!);
        Directory.CreateDirectory(Path.GetDirectoryName(launch.StderrPath)!);
        foreach (var stale in new[] { launch.ExitFile, launch.StoppedFile, launch.ChildPidFile }) File.Delete(stale);
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = launch.Directory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Watchdog);
        start.ArgumentList.Add("gitopsml-watchdog");
        start.ArgumentList.Add(launch.Directory);
        start.ArgumentList.Add(launch.StdoutPath);
        start.ArgumentList.Add(launch.StderrPath);
        start.ArgumentList.Add(((int)Math.Ceiling(grace.TotalSeconds * 10)).ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(launch.FileName);
        foreach (var a in launch.Arguments) start.ArgumentList.Add(a);
        var shell = Process.Start(start) ?? throw new InvalidOperationException($"could not start /bin/sh for {launch.FileName}");
        AtomicFile.WriteText(launch.ShellPidFile, shell.Id.ToString(CultureInfo.InvariantCulture));
        return new WatchedProcess(launch, shell, grace);
    }

    /// <summary>The child's pid once the watchdog recorded it.</summary>
    public int? ChildPid => ProcessTable.ReadPid(Launch.ChildPidFile);

    /// <summary>Asks the child to stop (SIGTERM through the watchdog), and kills the whole tree if it outlives the grace period.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 0)
        {
            try { _shell.StandardInput.Close(); }
            catch (IOException) { } // the watchdog is gone already
        }
        try
        {
            await Exited.WaitAsync(_grace + TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            if (ChildPid is { } child) ProcessTable.KillIfOurs(child, Launch.Token);
            try { _shell.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            await Exited.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _shell.Dispose();
    }
}
