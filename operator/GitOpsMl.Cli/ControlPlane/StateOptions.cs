using System.CommandLine;
using GitOpsMl.Local.Store;

namespace GitOpsMl.Cli.ControlPlane;

/// <summary>
/// The `--state DIR` option every control-plane command shares, and opening its store. The CLI talks
/// to the SQLite file directly rather than to an API of a running `up`: SQLite in WAL mode lets one
/// writer and many readers share the file across processes, the store's revision log carries the
/// same resourceVersion semantics either way, and `up` notices another process's writes through its
/// watch. It also means `get`, `status` and `apply` work while `up` is stopped.
/// </summary>
public static class StateOptions
{
    public static Option<string?> Create() => new("--state") { Description = $"Control-plane state folder (default: ./{StateDirectory.DefaultName}, or ${StateDirectory.Variable})." };

    /// <summary>Opens an existing state's store; null (and a message) when there is none yet.</summary>
    public static SqliteObjectStore? OpenExisting(string? option, TextWriter stderr, string command)
    {
        var state = StateDirectory.Resolve(option);
        var db = StateDirectory.Database(state);
        if (!File.Exists(db))
        {
            stderr.WriteLine($"gitopsml {command}: no control-plane state at {state}; run `gitopsml up PATH` (or `gitopsml apply -f PATH`) first, or pass --state");
            return null;
        }
        return new SqliteObjectStore(db);
    }
}
