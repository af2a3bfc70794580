using LibGit2Sharp;

namespace GitOpsMl.Local.Tests.Sources;

/// <summary>A real git repository in a temporary folder: write files, commit, tag; deleted afterwards.</summary>
public sealed class TempGitRepository : IDisposable
{
    private readonly Repository repo;
    private int clock;

    public TempGitRepository()
    {
        Root = Directory.CreateTempSubdirectory("gitopsml-gitsource-").FullName;
        Repository.Init(Root);
        repo = new Repository(Root);
    }

    public string Root { get; }
    public string FileUrl => new Uri(Root + "/").AbsoluteUri.TrimEnd('/');
    public string Branch => repo.Head.FriendlyName;

    public TempGitRepository Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public TempGitRepository Remove(string relative)
    {
        File.Delete(Path.Combine(Root, relative));
        return this;
    }

    /// <summary>Commits everything in the working tree (additions, changes and removals); returns the sha.</summary>
    public string Commit(string message)
    {
        Commands.Stage(repo, "*");
        var when = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(++clock);
        var signature = new Signature("test", "test@example.com", when);
        return repo.Commit(message, signature, signature).Sha;
    }

    public void Tag(string name) => repo.ApplyTag(name);

    public void Dispose()
    {
        repo.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
