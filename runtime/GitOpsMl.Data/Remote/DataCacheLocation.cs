namespace GitOpsMl.Data.Remote;

/// <summary>
/// The one rule for where downloaded data (Dataset spec.source.url) is cached. The control plane
/// (`gitopsml up`, `gitopsml operator`, and the `gitopsml train` runs they start) keeps it beside its
/// state, in STATE/cache, so a state folder holds everything a run read; the CLI on its own (`train`,
/// `validate`, `inspect`) uses the user's cache, $XDG_CACHE_HOME/gitopsml or else ~/.cache/gitopsml,
/// so a second run on the same machine reads no network.
/// </summary>
public static class DataCacheLocation
{
    public const string StateSubfolder = "cache";

    /// <param name="stateDirectory">The control plane's state folder; null for the CLI on its own.</param>
    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    public static string For(string? stateDirectory, Func<string, string?>? environment = null)
    {
        if (stateDirectory is { Length: > 0 }) return Path.Combine(Path.GetFullPath(stateDirectory), StateSubfolder);
        environment ??= Environment.GetEnvironmentVariable;
        // The XDG base directory spec ignores a relative value.
        if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "gitopsml");
        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache", "gitopsml");
    }
}
