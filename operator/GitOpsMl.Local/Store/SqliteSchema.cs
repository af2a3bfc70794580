namespace GitOpsMl.Local.Store;

/// <summary>
/// The store's tables, as k3s's kine keeps Kubernetes objects in SQLite: current objects, a log of
/// every change keyed by the global revision (resourceVersion), owner references for cascading
/// deletion, and events. <c>meta</c> holds the revision counter and the compaction point, so
/// revisions keep increasing across compactions and restarts.
/// </summary>
internal static class SqliteSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta(
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL);
        INSERT OR IGNORE INTO meta(key, value) VALUES ('revision', 0), ('compacted', 0);
        CREATE TABLE IF NOT EXISTS objects(
            kind TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            uid TEXT NOT NULL UNIQUE,
            resource_version INTEGER NOT NULL,
            generation INTEGER NOT NULL,
            deleting INTEGER NOT NULL DEFAULT 0,
            json TEXT NOT NULL,
            PRIMARY KEY(kind, namespace, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS owner_refs(
            owner_uid TEXT NOT NULL,
            kind TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY(owner_uid, kind, namespace, name)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS owner_refs_child ON owner_refs(kind, namespace, name);
        CREATE TABLE IF NOT EXISTS revisions(
            revision INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS revisions_kind ON revisions(kind, revision);
        CREATE TABLE IF NOT EXISTS events(
            kind TEXT NOT NULL,
            namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            reason TEXT NOT NULL,
            message TEXT NOT NULL,
            type TEXT NOT NULL,
            first_timestamp TEXT NOT NULL,
            last_timestamp TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY(kind, namespace, name, reason, message));
        """;
}
