namespace GitOpsMl.Cli.Tests.Support;

/// <summary>Locates files of the repository from the test's output folder.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsMl.sln"))) return dir.FullName;
        throw new InvalidOperationException("GitOpsMl.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Combine(params string[] parts) => Path.Combine([RepoRoot, .. parts]);
}
