using System.Diagnostics;

namespace GitOpsMl.Cli.Tests.Support;

/// <summary>Runs the real built `gitopsml` (gitopsml.dll under the dotnet host) as a child process.</summary>
public static class GitOpsMlProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
    {
        public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

        public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalMilliseconds:F0} ms\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>The CLI assembly: copied beside the tests by the project reference, else the CLI's own build output.</summary>
    public static string Dll { get; } = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "gitopsml.dll"),
            TestPaths.Combine("operator", "GitOpsMl.Cli", "bin", "Debug", "net10.0", "gitopsml.dll"),
        }
        .First(p => File.Exists(p) && File.Exists(Path.ChangeExtension(p, ".runtimeconfig.json")));

    /// <summary>Runs the CLI and sends it SIGTERM (as `kill` does) once a stdout line satisfies <paramref name="when"/>.</summary>
    public static async Task<Result> TerminateWhenAsync(string workingDirectory, Func<string, bool> when, params string[] args)
    {
        var start = StartInfo(workingDirectory, null, args);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = new System.Text.StringBuilder();
        var signalled = false;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
            {
                stdout.AppendLine(line);
                if (!signalled && when(line))
                {
                    signalled = true;
                    using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                    await kill.WaitForExitAsync(limit.Token);
                }
            }
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gitopsml {string.Join(' ', args)} did not end within 120 s\n{stdout}");
        }
        return new Result(process.ExitCode, stdout.ToString(), await stderr, clock.Elapsed);
    }

    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        var start = StartInfo(workingDirectory, environment, args);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gitopsml {string.Join(' ', args)} did not finish in 60 s");
        }
        clock.Stop();
        return new Result(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        return start;
    }
}
