using System.Diagnostics;
using System.Text;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>
/// The built `gitopsml` CLI as a child process (as a user runs it): `up` kept running with its output
/// captured and stopped with SIGINT; one-shot commands (`train`, `apply`) awaited.
/// </summary>
public sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CliProcess(Process process)
    {
        this._process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (_output) _output.AppendLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (_output) _output.AppendLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) return _output.ToString(); } }
    public bool HasExited => _process.HasExited;

    public static CliProcess Start(string workingDirectory, params string[] args) => new(Process.Start(Info(workingDirectory, args))!);

    /// <summary>Runs a one-shot command to its end; throws with its output when it fails.</summary>
    public static async Task RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        await using var p = Start(workingDirectory, args);
        await p._process.WaitForExitAsync().WaitAsync(timeout);
        if (p._process.ExitCode != 0)
            throw new InvalidOperationException($"gitopsml {string.Join(' ', args)} exited {p._process.ExitCode}:\n{p.Output}");
    }

    private static ProcessStartInfo Info(string workingDirectory, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add(BenchPaths.CliDll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString()])) await kill!.WaitForExitAsync();
            try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)); }
            catch (TimeoutException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }
}
