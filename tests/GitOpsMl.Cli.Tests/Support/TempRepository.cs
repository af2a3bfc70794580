using System.Text;
using GitOpsMl.Cli.Validation;
using GitOpsMl.Controllers.Manifests;

namespace GitOpsMl.Cli.Tests.Support;

/// <summary>A throwaway repository folder (marked with .gitopsml-root unless asked not to), deleted on dispose.</summary>
public sealed class TempRepository : IDisposable
{
    public TempRepository(bool marker = true)
    {
        Root = Directory.CreateTempSubdirectory("gitopsml-cli-tests-").FullName;
        if (marker) File.WriteAllText(Path.Combine(Root, RepositoryRoot.Marker), "# test repository\n");
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    public string Write(string relative, byte[] bytes)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    /// <summary>How validate names a file in its output.</summary>
    public static string Display(string fullPath) => ManifestFileFinder.DisplayName(fullPath);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
