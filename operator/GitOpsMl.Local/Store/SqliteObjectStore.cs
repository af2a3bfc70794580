using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;
using GitOpsMl.Controllers.Store;
using Microsoft.Data.Sqlite;

namespace GitOpsMl.Local.Store;

/// <summary>
/// <see cref="IObjectStore"/> on one SQLite file (WAL, synchronous=FULL by default): every write is one
/// transaction that changes <c>objects</c> and appends to the <c>revisions</c> log under the next global
/// revision, which becomes the object's resourceVersion. Watches replay the log and then follow it,
/// woken at once by writes through this instance and by polling for writes from other processes.
/// Thread-safe: writes are serialised in-process and by SQLite's lock across processes.
/// </summary>
public sealed class SqliteObjectStore : IObjectStore, IDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<Channel<bool>, byte> _watchers = new();
    private readonly CancellationTokenSource _disposed = new();

    public SqliteObjectStore(string path, TimeProvider? time = null, SqliteStoreOptions? options = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        this._time = time ?? TimeProvider.System;
        Options = options ?? new SqliteStoreOptions();
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Busy waits (another process holding the write lock) are retried up to this long.
            DefaultTimeout = 30,
        }.ToString();
        using var c = Open();
        Exec(c, null, "PRAGMA journal_mode=WAL;");
        Exec(c, null, SqliteSchema.Create);
    }

    public string Path { get; }
    public SqliteStoreOptions Options { get; }

    // ---- reads ----

    public Task<CustomResource?> GetAsync(ObjectKey key, CancellationToken ct = default)
    {
        using var c = Open();
        var json = Scalar<string>(c, null, "SELECT json FROM objects WHERE kind=$k AND namespace=$ns AND name=$n", Args(key));
        return Task.FromResult(json is null ? null : Deserialize(key.Kind, json));
    }

    public Task<ObjectList> ListAsync(string kind, string? ns = null, CancellationToken ct = default)
    {
        // As the API server does: a kind it does not serve is a mistake, not an empty list.
        if (KindRegistry.Find(kind) is null)
        {
            throw new StoreException(StoreErrorKind.Invalid, null, $"unknown kind '{kind}'");
        }
        using var c = Open();
        // One read transaction: the items and the revision are the same snapshot, so a watch from it misses nothing.
        using var tx = c.BeginTransaction(deferred: true);
        var revision = Scalar<long>(c, tx, "SELECT value FROM meta WHERE key='revision'");
        using var cmd = Command(c, tx, ns is null
            ? "SELECT json FROM objects WHERE kind=$k ORDER BY namespace, name"
            : "SELECT json FROM objects WHERE kind=$k AND namespace=$ns ORDER BY name",
            ("$k", kind), ("$ns", ObjectKey.NamespaceOf(ns)));
        var items = new List<CustomResource>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) items.Add(Deserialize(kind, r.GetString(0)));
        tx.Commit();
        return Task.FromResult(new ObjectList(items, revision));
    }

    /// <summary>The latest revision written to the file.</summary>
    public long CurrentRevision()
    {
        using var c = Open();
        return Scalar<long>(c, null, "SELECT value FROM meta WHERE key='revision'");
    }

    /// <summary>The newest revision no longer in the log (a watch must start at or after it).</summary>
    public long CompactedRevision()
    {
        using var c = Open();
        return Scalar<long>(c, null, "SELECT value FROM meta WHERE key='compacted'");
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string? kind, long fromRevision, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        // Registered before the first read, so a write committed between a read and the wait still wakes us.
        _watchers[signal] = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposed.Token);
        try
        {
            var last = fromRevision;
            while (true)
            {
                stop.Token.ThrowIfCancellationRequested();
                var batch = ReadLog(kind, last, 500);
                foreach (var e in batch)
                {
                    last = e.Revision;
                    yield return e;
                }
                if (batch.Count == 500) continue;
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                wait.CancelAfter(Options.PollInterval);
                try { await signal.Reader.ReadAsync(wait.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested) { }
            }
        }
        finally
        {
            _watchers.TryRemove(signal, out _);
        }
    }

    private List<WatchEvent> ReadLog(string? kind, long after, int limit)
    {
        using var c = Open();
        using var tx = c.BeginTransaction(deferred: true);
        var compacted = Scalar<long>(c, tx, "SELECT value FROM meta WHERE key='compacted'");
        if (after < compacted)
        {
            throw new StoreException(StoreErrorKind.Expired, null,
                $"revision {after} was compacted (the log starts after {compacted}); list again");
        }

        using var cmd = Command(c, tx, kind is null
            ? "SELECT revision, kind, type, json FROM revisions WHERE revision > $r ORDER BY revision LIMIT $l"
            : "SELECT revision, kind, type, json FROM revisions WHERE kind=$k AND revision > $r ORDER BY revision LIMIT $l",
            ("$r", after), ("$l", limit), ("$k", kind ?? ""));
        var events = new List<WatchEvent>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
                events.Add(new WatchEvent(Enum.Parse<WatchEventType>(r.GetString(2)), Deserialize(r.GetString(1), r.GetString(3)), r.GetInt64(0)));
        }

        tx.Commit();
        return events;
    }

    // ---- writes ----

    public Task<CustomResource> CreateAsync(CustomResource resource, CancellationToken ct = default) => WriteAsync(ct, (c, tx) =>
    {
        var key = Validate(resource);
        if (!string.IsNullOrEmpty(resource.Metadata.ResourceVersion))
            throw new StoreException(StoreErrorKind.Invalid, key, $"{key}: metadata.resourceVersion must be empty on create");
        if (Load(c, tx, key) is not null) throw new StoreException(StoreErrorKind.AlreadyExists, key, $"{key} already exists");
        var node = ToNode(resource);
        // Status is a subresource: a create writes spec and metadata only, as the API server does.
        node.Remove("status");
        var meta = node["metadata"]!.AsObject();
        meta["namespace"] = key.Namespace;
        meta["uid"] = Guid.NewGuid().ToString();
        meta["generation"] = 1L;
        meta["creationTimestamp"] = JsonValue.Create(_time.GetUtcNow());
        meta.Remove("deletionTimestamp");
        var rev = NextRevision(c, tx);
        return Put(c, tx, key, node, rev, WatchEventType.Added);
    });

    public Task<CustomResource> UpdateAsync(CustomResource resource, CancellationToken ct = default) => WriteAsync(ct, (c, tx) =>
    {
        var key = Validate(resource);
        var stored = LoadChecked(c, tx, key, resource.Metadata.ResourceVersion);
        var node = ToNode(resource);
        var storedMeta = stored["metadata"]!.AsObject();
        var meta = node["metadata"]!.AsObject();
        // System fields are the store's; a spec write keeps the stored status (status subresource).
        foreach (var field in new[] { "namespace", "uid", "creationTimestamp", "generation", "deletionTimestamp", "resourceVersion" })
            Copy(storedMeta, meta, field);
        Copy(stored, node, "status");
        if (!JsonNode.DeepEquals(stored["spec"], node["spec"]))
            meta["generation"] = storedMeta["generation"]!.GetValue<long>() + 1;
        var deleting = storedMeta["deletionTimestamp"] is not null;
        if (deleting && (meta["finalizers"] is not JsonArray f || f.Count == 0))
        {
            // The last finalizer is gone: the deletion that was waiting for it happens now.
            var rev = NextRevision(c, tx);
            var gone = Remove(c, tx, key, node, rev);
            return gone;
        }
        if (JsonNode.DeepEquals(stored, node)) return Deserialize(key.Kind, stored.ToJsonString(ApiJson.Options));
        return Put(c, tx, key, node, NextRevision(c, tx), WatchEventType.Modified);
    });

    public Task<CustomResource> UpdateStatusAsync(CustomResource resource, CancellationToken ct = default) => WriteAsync(ct, (c, tx) =>
    {
        var key = Validate(resource);
        var stored = LoadChecked(c, tx, key, resource.Metadata.ResourceVersion);
        var node = (JsonObject)stored.DeepClone();
        var status = ToNode(resource)["status"];
        if (status is null) node.Remove("status");
        else node["status"] = status.DeepClone();
        if (JsonNode.DeepEquals(stored, node)) return Deserialize(key.Kind, stored.ToJsonString(ApiJson.Options));
        return Put(c, tx, key, node, NextRevision(c, tx), WatchEventType.Modified);
    });

    public Task DeleteAsync(ObjectKey key, CancellationToken ct = default) => WriteAsync<object?>(ct, (c, tx) =>
    {
        var stored = Load(c, tx, key) ?? throw new StoreException(StoreErrorKind.NotFound, key, $"{key} not found");
        Delete(c, tx, key, stored);
        return null;
    });

    /// <summary>Drops log entries older than the last <see cref="SqliteStoreOptions.KeepRevisions"/>; returns the new compaction point.</summary>
    public Task<long> CompactAsync(CancellationToken ct = default) => WriteAsync(ct, (c, tx) => Compact(c, tx), notify: false);

    public Task RecordEventAsync(ObjectEvent e, CancellationToken ct = default) => WriteAsync<object?>(ct, (c, tx) =>
    {
        var now = _time.GetUtcNow();
        var first = e.FirstTimestamp == default ? now : e.FirstTimestamp;
        var last = e.LastTimestamp == default ? first : e.LastTimestamp;
        Exec(c, tx, """
            INSERT INTO events(kind, namespace, name, reason, message, type, first_timestamp, last_timestamp, count)
            VALUES ($k, $ns, $n, $reason, $message, $type, $first, $last, $count)
            ON CONFLICT(kind, namespace, name, reason, message) DO UPDATE SET
                count = count + excluded.count, last_timestamp = excluded.last_timestamp, type = excluded.type
            """,
            [.. Args(e.Involved), ("$reason", e.Reason), ("$message", e.Message), ("$type", e.Type.ToString()),
                ("$first", Timestamp(first)), ("$last", Timestamp(last)), ("$count", Math.Max(1, e.Count))]);
        return null;
    }, notify: false);

    public Task<IReadOnlyList<ObjectEvent>> ListEventsAsync(ObjectKey involved, CancellationToken ct = default)
    {
        using var c = Open();
        using var cmd = Command(c, null, """
            SELECT type, reason, message, first_timestamp, last_timestamp, count FROM events
            WHERE kind=$k AND namespace=$ns AND name=$n ORDER BY last_timestamp, rowid
            """, Args(involved));
        var list = new List<ObjectEvent>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                list.Add(new ObjectEvent(involved, Enum.Parse<EventSeverity>(r.GetString(0)), r.GetString(1), r.GetString(2))
                {
                    FirstTimestamp = DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture),
                    LastTimestamp = DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture),
                    Count = r.GetInt32(5),
                });
            }
        }

        return Task.FromResult<IReadOnlyList<ObjectEvent>>(list);
    }

    // ---- write helpers (inside the write transaction) ----

    private async Task<T> WriteAsync<T>(CancellationToken ct, Func<SqliteConnection, SqliteTransaction, T> write, bool notify = true)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            T result;
            using (var c = Open())
            {
                // BEGIN IMMEDIATE: take the write lock up front, so two processes never deadlock upgrading a read.
                using var tx = c.BeginTransaction(deferred: false);
                result = write(c, tx);
                if (notify && Options.CompactEvery > 0)
                {
                    var rev = Scalar<long>(c, tx, "SELECT value FROM meta WHERE key='revision'");
                    var compacted = Scalar<long>(c, tx, "SELECT value FROM meta WHERE key='compacted'");
                    if (rev - compacted >= Options.KeepRevisions + Options.CompactEvery) Compact(c, tx);
                }
                tx.Commit();
            }
            if (notify)
                foreach (var w in _watchers.Keys) w.Writer.TryWrite(true);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private long Compact(SqliteConnection c, SqliteTransaction tx)
    {
        var rev = Scalar<long>(c, tx, "SELECT value FROM meta WHERE key='revision'");
        var compacted = Scalar<long>(c, tx, "SELECT value FROM meta WHERE key='compacted'");
        var cut = rev - Options.KeepRevisions;
        if (cut <= compacted) return compacted;
        Exec(c, tx, "DELETE FROM revisions WHERE revision <= $cut", ("$cut", cut));
        Exec(c, tx, "UPDATE meta SET value=$cut WHERE key='compacted'", ("$cut", cut));
        return cut;
    }

    private static long NextRevision(SqliteConnection c, SqliteTransaction tx) =>
        Scalar<long>(c, tx, "UPDATE meta SET value = value + 1 WHERE key='revision' RETURNING value");

    /// <summary>Deletes now, or marks for deletion while finalizers remain (once: a second delete changes nothing).</summary>
    private void Delete(SqliteConnection c, SqliteTransaction tx, ObjectKey key, JsonObject stored)
    {
        var meta = stored["metadata"]!.AsObject();
        if (meta["finalizers"] is JsonArray { Count: > 0 })
        {
            if (meta["deletionTimestamp"] is not null) return;
            meta["deletionTimestamp"] = JsonValue.Create(_time.GetUtcNow());
            Put(c, tx, key, stored, NextRevision(c, tx), WatchEventType.Modified);
            return;
        }
        Remove(c, tx, key, stored, NextRevision(c, tx));
    }

    /// <summary>
    /// Removes the object and logs its deletion, then deletes the objects it owned that have no other
    /// living owner (background cascading, in the same transaction: a crash leaves no orphans).
    /// </summary>
    private CustomResource Remove(SqliteConnection c, SqliteTransaction tx, ObjectKey key, JsonObject last, long rev)
    {
        var uid = last["metadata"]!["uid"]!.GetValue<string>();
        last["metadata"]!["resourceVersion"] = rev.ToString(CultureInfo.InvariantCulture);
        var json = last.ToJsonString(ApiJson.Options);
        Exec(c, tx, "DELETE FROM objects WHERE kind=$k AND namespace=$ns AND name=$n", Args(key));
        Exec(c, tx, "DELETE FROM owner_refs WHERE kind=$k AND namespace=$ns AND name=$n", Args(key));
        Exec(c, tx, "DELETE FROM events WHERE kind=$k AND namespace=$ns AND name=$n", Args(key));
        Log(c, tx, key, rev, WatchEventType.Deleted, json);

        var owned = new List<ObjectKey>();
        using (var cmd = Command(c, tx, "SELECT kind, namespace, name FROM owner_refs WHERE owner_uid=$u", ("$u", uid)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) owned.Add(new ObjectKey(r.GetString(0), r.GetString(1), r.GetString(2)));
        Exec(c, tx, "DELETE FROM owner_refs WHERE owner_uid=$u", ("$u", uid));
        foreach (var child in owned)
        {
            var livingOwners = Scalar<long>(c, tx, """
                SELECT COUNT(*) FROM owner_refs r JOIN objects o ON o.uid = r.owner_uid
                WHERE r.kind=$k AND r.namespace=$ns AND r.name=$n
                """, Args(child));
            if (livingOwners > 0) continue;
            if (Load(c, tx, child) is { } childNode) Delete(c, tx, child, childNode);
        }
        return Deserialize(key.Kind, json);
    }

    private CustomResource Put(SqliteConnection c, SqliteTransaction tx, ObjectKey key, JsonObject node, long rev, WatchEventType type)
    {
        var meta = node["metadata"]!.AsObject();
        meta["resourceVersion"] = rev.ToString(CultureInfo.InvariantCulture);
        var json = node.ToJsonString(ApiJson.Options);
        var uid = meta["uid"]!.GetValue<string>();
        Exec(c, tx, """
            INSERT INTO objects(kind, namespace, name, uid, resource_version, generation, deleting, json)
            VALUES ($k, $ns, $n, $uid, $rv, $gen, $del, $json)
            ON CONFLICT(kind, namespace, name) DO UPDATE SET
                resource_version=excluded.resource_version, generation=excluded.generation, deleting=excluded.deleting, json=excluded.json
            """,
            [.. Args(key), ("$uid", uid), ("$rv", rev), ("$gen", meta["generation"]!.GetValue<long>()),
                ("$del", meta["deletionTimestamp"] is null ? 0 : 1), ("$json", json)]);
        Exec(c, tx, "DELETE FROM owner_refs WHERE kind=$k AND namespace=$ns AND name=$n", Args(key));
        if (meta["ownerReferences"] is JsonArray owners)
        {
            foreach (var o in owners)
            {
                if (o?["uid"]?.GetValue<string>() is { Length: > 0 } ownerUid)
                {
                    Exec(c, tx, "INSERT OR IGNORE INTO owner_refs(owner_uid, kind, namespace, name) VALUES ($u, $k, $ns, $n)",
                        [("$u", ownerUid), .. Args(key)]);
                }
            }
        }

        Log(c, tx, key, rev, type, json);
        return Deserialize(key.Kind, json);
    }

    private static void Log(SqliteConnection c, SqliteTransaction tx, ObjectKey key, long rev, WatchEventType type, string json) =>
        Exec(c, tx, "INSERT INTO revisions(revision, kind, namespace, name, type, json) VALUES ($r, $k, $ns, $n, $t, $json)",
            [("$r", rev), .. Args(key), ("$t", type.ToString()), ("$json", json)]);

    private static JsonObject? Load(SqliteConnection c, SqliteTransaction tx, ObjectKey key) =>
        Scalar<string>(c, tx, "SELECT json FROM objects WHERE kind=$k AND namespace=$ns AND name=$n", Args(key)) is { } json
            ? JsonNode.Parse(json)!.AsObject()
            : null;

    /// <summary>The stored object, if <paramref name="resourceVersion"/> is its current one (optimistic concurrency).</summary>
    private static JsonObject LoadChecked(SqliteConnection c, SqliteTransaction tx, ObjectKey key, string? resourceVersion)
    {
        if (string.IsNullOrEmpty(resourceVersion))
            throw new StoreException(StoreErrorKind.Invalid, key, $"{key}: metadata.resourceVersion must be set on update (read the object first)");
        var stored = Load(c, tx, key) ?? throw new StoreException(StoreErrorKind.NotFound, key, $"{key} not found");
        var current = stored["metadata"]!["resourceVersion"]!.GetValue<string>();
        if (current != resourceVersion)
        {
            throw new StoreException(StoreErrorKind.Conflict, key,
                $"{key}: the object has been modified (resourceVersion {resourceVersion}, now {current}); read it again and retry");
        }

        return stored;
    }

    private static ObjectKey Validate(CustomResource resource)
    {
        var key = ObjectKey.Of(resource);
        if (KindRegistry.Find(resource.Kind) is null)
            throw new StoreException(StoreErrorKind.Invalid, key, $"{key}: unknown kind '{resource.Kind}'");
        if (string.IsNullOrEmpty(resource.Metadata.Name))
            throw new StoreException(StoreErrorKind.Invalid, key, $"{resource.Kind}: metadata.name is required");
        return key;
    }

    private static void Copy(JsonObject from, JsonObject to, string field)
    {
        if (from[field] is { } value) to[field] = value.DeepClone();
        else to.Remove(field);
    }

    // ---- serialisation and SQL plumbing ----

    private static JsonObject ToNode(CustomResource resource) =>
        JsonSerializer.SerializeToNode(resource, resource.GetType(), ApiJson.Options)!.AsObject();

    private static CustomResource Deserialize(string kind, string json)
    {
        var type = KindRegistry.Find(kind)?.ClrType
            ?? throw new StoreException(StoreErrorKind.Invalid, null, $"the store holds an object of unknown kind '{kind}'");
        return (CustomResource)JsonSerializer.Deserialize(json, type, ApiJson.Options)!;
    }

    private static string Timestamp(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static (string, object)[] Args(ObjectKey key) => [("$k", key.Kind), ("$ns", key.Namespace), ("$n", key.Name)];

    private SqliteConnection Open()
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var c = new SqliteConnection(_connectionString);
        c.Open();
        // Per connection: pooled connections keep it, new ones need it.
        Exec(c, null, Options.SynchronousFull ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        return c;
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }

    private static void Exec(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        cmd.ExecuteNonQuery();
    }

    private static T? Scalar<T>(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        var v = cmd.ExecuteScalar();
        return v is null or DBNull ? default : (T)Convert.ChangeType(v, typeof(T), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        foreach (var w in _watchers.Keys) w.Writer.TryComplete();
        using (var c = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(c);
        _writeLock.Dispose();
    }
}
