namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>The repository this benchmark runs from, and the built CLI the real-executor parts start.</summary>
public static class BenchPaths
{
    public static string RepoRoot { get; } = Find();

    public static string Combine(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    /// <summary>gitopsml.dll, Release preferred (the run script builds it).</summary>
    public static string CliDll() => new[] { "Release", "Debug" }
        .Select(c => Combine("operator", "GitOpsMl.Cli", "bin", c, "net10.0", "gitopsml.dll"))
        .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("gitopsml.dll is not built: dotnet build -c Release operator/GitOpsMl.Cli");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsMl.sln"))) return dir.FullName;
        throw new InvalidOperationException("GitOpsMl.sln not found above " + AppContext.BaseDirectory);
    }
}
