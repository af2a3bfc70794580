namespace GitOpsMl.Cli.ControlPlane;

/// <summary>
/// Where the local control plane keeps its objects (state.db), runs, bundles and logs. The default is
/// `.gitopsml/` in the current directory, so `status` and `get` in the shell that ran `up` find it
/// without flags; `--state DIR` or GITOPSML_STATE choose another.
/// </summary>
public static class StateDirectory
{
    public const string Variable = "GITOPSML_STATE";
    public const string DefaultName = ".gitopsml";
    public const string DatabaseFile = "state.db";

    public static string Resolve(string? option)
    {
        var chosen = option is { Length: > 0 } ? option
            : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : DefaultName;
        return Path.GetFullPath(chosen);
    }

    public static string Database(string state) => Path.Combine(state, DatabaseFile);
}
