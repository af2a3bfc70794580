using System.Diagnostics;
using System.Text;
using GitOpsMl.Local.Tests.Execution.Support;

namespace GitOpsMl.Local.Tests.EndToEnd.Support;

/// <summary>
/// `gitopsml up` run exactly as a user runs it, as a child process: the test can read its output,
/// stop it with SIGTERM (a background child of a non-interactive shell ignores SIGINT), or SIGKILL it to play a crash.
/// </summary>
public sealed class UpProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private UpProcess(Process process)
    {
        this._process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (_output) _output.AppendLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (_output) _output.AppendLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) return _output.ToString(); } }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Waits for the process to exit and for its output to be read to the end: HasExited turns true while the last
    /// lines may still be on their way through the asynchronous readers, and an assertion on Output then misses them.
    /// </summary>
    public Task ExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public static UpProcess Start(EndToEndWorkspace workspace) => Start(workspace, workspace.Manifests);

    /// <summary>`gitopsml up FOLDER` with the workspace's state and port (a folder holding only a GitSource, say).</summary>
    public static UpProcess Start(EndToEndWorkspace workspace, string folder, params string[] options) =>
        new(Process.Start(Cli(workspace, ["up", folder, "--state", workspace.State, "--port", workspace.Port.ToString(), .. options]))!);

    /// <summary>`gitopsml apply -f manifests` into the same state, as a second process (the user's edit reaching a running `up`).</summary>
    public static async Task ApplyAsync(EndToEndWorkspace workspace)
    {
        var psi = Cli(workspace, "apply", "-f", workspace.Manifests, "--state", workspace.State);
        using var apply = Process.Start(psi)!;
        var stdout = apply.StandardOutput.ReadToEndAsync();
        var stderr = apply.StandardError.ReadToEndAsync();
        await apply.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(apply.ExitCode == 0, $"gitopsml apply exited {apply.ExitCode}: {await stdout}{await stderr}");
    }

    public void Kill() => _process.Kill(entireProcessTree: false);

    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill!.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static ProcessStartInfo Cli(EndToEndWorkspace workspace, params string[] args)
    {
        var psi = new ProcessStartInfo(TestPaths.Cli.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workspace.Root };
        foreach (var a in TestPaths.Cli.PrefixArguments.Concat(args)) psi.ArgumentList.Add(a);
        return psi;
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (TimeoutException) { }
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
