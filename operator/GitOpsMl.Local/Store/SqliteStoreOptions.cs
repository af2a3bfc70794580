namespace GitOpsMl.Local.Store;

/// <summary>Tuning of the SQLite object store.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>Revisions kept in the log for watches; a watch from before them is told to re-list (Expired).</summary>
    public long KeepRevisions { get; init; } = 10_000;

    /// <summary>Compact the log every this many revisions (0: only when <see cref="SqliteObjectStore.CompactAsync"/> is called).</summary>
    public long CompactEvery { get; init; } = 1_000;

    /// <summary>
    /// How often a watch looks at the file for writes made by another process (the CLI's apply);
    /// writes through this instance wake watches at once.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// synchronous=FULL: every commit is fsynced, so neither a process crash nor a power cut loses a
    /// committed write. NORMAL (false) survives a process crash only; faster, kept for benchmarks.
    /// </summary>
    public bool SynchronousFull { get; init; } = true;
}
