using GitOpsMl.Local.Execution;

namespace GitOpsMl.Local.Tests.Execution.Support;

/// <summary>Files of the repository, and the real gitopsml the executors start.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = Find();

    public static string Combine(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    public static string CliDll { get; } = new[] { "Debug", "Release" }
        .Select(c => Combine("operator", "GitOpsMl.Cli", "bin", c, "net10.0", "gitopsml.dll"))
        .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("gitopsml.dll is not built (dotnet build operator/GitOpsMl.Cli)");

    public static GitOpsMlCommand Cli => GitOpsMlCommand.FromPath(CliDll);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsMl.sln"))) return dir.FullName;
        throw new InvalidOperationException("GitOpsMl.sln not found above " + AppContext.BaseDirectory);
    }
}
