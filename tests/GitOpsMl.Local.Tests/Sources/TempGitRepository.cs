using LibGit2Sharp;

namespace GitOpsMl.Local.Tests.Sources;

/// <summary>A real git repository in a temporary (or given) folder: write files, commit, tag; deleted afterwards.</summary>
public sealed class TempGitRepository : IDisposable
{
    private readonly Repository _repo;
    private int _clock;

    public TempGitRepository() : this(Directory.CreateTempSubdirectory("gitopsml-gitsource-").FullName)
    {
    }

    /// <summary>A repository initialised in an existing folder (its files are committed by <see cref="Commit"/>).</summary>
    public TempGitRepository(string root)
    {
        Root = root;
        Repository.Init(Root);
        _repo = new Repository(Root);
    }

    public string Root { get; }
    public string FileUrl => new Uri(Root + "/").AbsoluteUri.TrimEnd('/');
    public string Branch => _repo.Head.FriendlyName;

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
        Commands.Stage(_repo, "*");
        var when = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(++_clock);
        var signature = new Signature("test", "test@example.com", when);
        return _repo.Commit(message, signature, signature).Sha;
    }

    public void Tag(string name) => _repo.ApplyTag(name);

    public void Dispose()
    {
        _repo.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
