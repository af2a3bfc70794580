using System.Diagnostics;

namespace GitOpsMl.Local.Tests.Execution.Support;

/// <summary>Starts <see cref="ThrowawayParent"/> in its own process and waits for its "started" line.</summary>
public sealed class ParentProcess : IDisposable
{
    private readonly Process _process;

    private ParentProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static async Task<ParentProcess> StartAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GitOpsMl.Local.Tests.dll"));
        start.ArgumentList.Add("parent");
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var parent = new ParentProcess(process);
        var stderr = process.StandardError.ReadToEndAsync();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line != "started") throw new InvalidOperationException($"the throwaway parent did not start: {line}\n{(process.HasExited ? await stderr : "")}");
        return parent;
    }

    /// <summary>SIGKILL: no shutdown code runs, the kernel just closes its files.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }
}
