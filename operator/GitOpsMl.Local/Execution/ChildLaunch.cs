namespace GitOpsMl.Local.Execution;

/// <summary>
/// One child to start: the command line, and where its files go. <see cref="Directory"/> holds the
/// watchdog's records (shell.pid, child.pid, exit, stopped); stdout and stderr are appended to log files.
/// <see cref="Token"/> is a string on both the watchdog's and the child's command line (the state
/// folder): a pid read back from disk is only ever killed when its command line still holds it, so a
/// recycled pid belonging to something else is left alone.
/// </summary>
public sealed record ChildLaunch(string FileName, IReadOnlyList<string> Arguments, string Directory, string StdoutPath, string StderrPath, string Token)
{
    public string ShellPidFile => Path.Combine(Directory, "shell.pid");
    public string ChildPidFile => Path.Combine(Directory, "child.pid");
    public string ExitFile => Path.Combine(Directory, "exit");
    /// <summary>Written by the watchdog when its stdin closed (the parent stopped it or died) before the child ended.</summary>
    public string StoppedFile => Path.Combine(Directory, "stopped");
}
