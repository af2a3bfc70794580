namespace GitOpsMl.Local.Execution;

/// <summary>One `gitopsml serve` replica of a Deployment as the supervisor tracks it (mutated under the Deployment's lock).</summary>
internal sealed class ServingReplica(int index, string name, string folder)
{
    public int Index { get; } = index;
    public string Name { get; } = name;
    /// <summary>The watchdog's records for this replica.</summary>
    public string Folder { get; } = folder;
    public int Port { get; set; }
    public WatchedProcess? Process { get; set; }
    /// <summary>What the replica was started with beyond its bundles; a change means a restart.</summary>
    public string Signature { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? RestartAt { get; set; }
    public int Restarts { get; set; }
    public int ConsecutiveCrashes { get; set; }
    public bool Ready { get; set; }
    public string? Message { get; set; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");
}
