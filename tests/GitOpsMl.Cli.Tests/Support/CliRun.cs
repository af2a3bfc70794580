using System.Diagnostics;
using GitOpsMl.Cli.Commands;

namespace GitOpsMl.Cli.Tests.Support;

/// <summary>One run of `gitopsml validate` through <see cref="ValidateCommand.Run"/>, with what it printed and what it cost.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, long AllocatedBytes)
{
    public string Output => Stdout + Stderr;

    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public static CliRun Validate(params string[] paths) => Validate(paths, "text");

    public static CliRun Validate(IReadOnlyList<string> paths, string output)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var code = ValidateCommand.Run(paths, output, stdout, stderr);
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new CliRun(code, stdout.ToString(), stderr.ToString(), clock.Elapsed, allocated);
    }

    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalMilliseconds:F0} ms, {AllocatedBytes / 1048576.0:F1} MiB allocated\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
