using System.Diagnostics;
using System.Text;
using GitOpsMl.Local.Tests.Execution.Support;

namespace GitOpsMl.Kubernetes.Tests.Operator;

/// <summary>
/// `gitopsml operator` run as a user runs it, as a child process of the test: its output is kept for
/// failure messages, SIGTERM stops it (what kill, systemd and Kubernetes send), and disposal never leaves it running.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OperatorProcess(Process process)
    {
        this._process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts `gitopsml operator ARGS` in <paramref name="workingDirectory"/>.</summary>
    public static OperatorProcess Start(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(TestPaths.Cli.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in TestPaths.Cli.PrefixArguments.Append("operator").Concat(args))
        {
            psi.ArgumentList.Add(a);
        }
        return new OperatorProcess(Process.Start(psi)!);
    }

    /// <summary>Sends SIGTERM and waits for the exit.</summary>
    public async Task TerminateAsync(TimeSpan patience)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await kill!.WaitForExitAsync();
        }
        await _process.WaitForExitAsync().WaitAsync(patience);
    }

    public Task WaitForExitAsync(TimeSpan patience) => _process.WaitForExitAsync().WaitAsync(patience);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await TerminateAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
