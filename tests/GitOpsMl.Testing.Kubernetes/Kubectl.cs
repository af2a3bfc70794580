using System.Diagnostics;

namespace GitOpsMl.Testing.Kubernetes;

/// <summary>Runs kubectl against a control plane's kubeconfig: <c>GITOPSML_KUBECTL</c>, else kubectl beside the binaries or on PATH.</summary>
public static class Kubectl
{
    public const string EnvironmentVariable = "GITOPSML_KUBECTL";

    private static readonly Lazy<string?> Located = new(Locate);

    public static string? Path => Located.Value;

    public static string? MissingReason => Path is null
        ? $"kubectl not found: set {EnvironmentVariable}, or put kubectl on PATH or beside the control-plane binaries."
        : null;

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
    }

    public static async Task<Result> RunAsync(string kubeconfig, IEnumerable<string> args, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException(MissingReason))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig=" + kubeconfig);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return File.Exists(fromEnvironment) ? fromEnvironment : null;
        var dirs = new List<string>();
        if (KubernetesAssets.Directory is { } assets) dirs.Add(assets);
        dirs.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return dirs.Select(d => System.IO.Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);
    }
}
