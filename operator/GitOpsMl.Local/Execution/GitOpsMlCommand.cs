using System.Reflection;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// How to start the `gitopsml` CLI: a program and the arguments that come before the subcommand
/// (`dotnet gitopsml.dll` or the apphost `gitopsml`).
/// </summary>
public sealed record GitOpsMlCommand(string FileName, IReadOnlyList<string> PrefixArguments)
{
    /// <summary>A path to gitopsml.dll (run under the dotnet host) or to an executable (the apphost).</summary>
    public static GitOpsMlCommand FromPath(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"the gitopsml command {full} does not exist", full);
        return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new GitOpsMlCommand(DotnetHost(), [full])
            : new GitOpsMlCommand(full, []);
    }

    /// <summary>
    /// The running program itself when it is gitopsml (the control plane runs inside `gitopsml up`):
    /// its apphost, or `dotnet gitopsml.dll` when it was started through the dotnet host.
    /// </summary>
    public static GitOpsMlCommand FromEntryAssembly()
    {
        var entry = Assembly.GetEntryAssembly();
        if (entry is null || !string.Equals(entry.GetName().Name, "gitopsml", StringComparison.Ordinal) || string.IsNullOrEmpty(entry.Location))
        {
            throw new InvalidOperationException(
                $"the executor needs the gitopsml command: this program is {entry?.GetName().Name ?? "unknown"}, not gitopsml; configure the path to gitopsml.dll or the gitopsml executable");
        }
        var process = Environment.ProcessPath;
        var underDotnet = process is null || string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.Ordinal);
        return underDotnet ? new GitOpsMlCommand(process ?? DotnetHost(), [entry.Location]) : new GitOpsMlCommand(process!, []);
    }

    /// <summary>The dotnet host that runs this process (the SDK sets DOTNET_HOST_PATH under `dotnet test`), else `dotnet` on PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host) return host;
        var process = Environment.ProcessPath;
        return process is not null && string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.Ordinal) ? process : "dotnet";
    }
}
