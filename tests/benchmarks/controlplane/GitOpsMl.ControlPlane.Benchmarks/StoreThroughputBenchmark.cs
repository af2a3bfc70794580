using System.Diagnostics;
using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Local.Store;
using Microsoft.Data.Sqlite;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>Pairs per second for one way of writing (create, then a status update of the same object).</summary>
public sealed record ThroughputRow(string Name, int Pairs, double Seconds)
{
    public double PairsPerSecond => Pairs / Seconds;
}

/// <summary>
/// Store write throughput: <see cref="SqliteObjectStore"/> (synchronous=NORMAL, as `gitopsml up`
/// opens it) doing create + status-update pairs of a Dataset, against raw Microsoft.Data.Sqlite
/// doing the same writes into an equivalent schema in the same run: one open connection, prepared
/// statements, the same two transactions per pair (revision counter, object row, log row each), the
/// same JSON. A third row is the floor: one INSERT and one UPDATE of a single table, no log.
/// </summary>
public static class StoreThroughputBenchmark
{
    public static async Task<IReadOnlyList<ThroughputRow>> RunAsync(ChurnWorkspace workspace, int pairs)
    {
        var template = (Dataset)new ChurnObjects(workspace).Set(0, false).First();
        var status = new DatasetStatus
        {
            Sha256 = new string('a', 64),
            RowCount = 4127,
            InvalidRowCount = 0,
            LastValidated = DateTimeOffset.UtcNow,
            ObservedGeneration = 1,
            Conditions =
            [
                new Condition { Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = ConditionReasons.Succeeded, Message = "Reconciled generation 1", ObservedGeneration = 1, LastTransitionTime = DateTimeOffset.UtcNow },
            ],
        };

        var rows = new List<ThroughputRow>();
        var dir = Path.Combine(workspace.Root, "store-bench");
        Directory.CreateDirectory(dir);
        rows.Add(await StoreAsync(Path.Combine(dir, "store.db"), template, status, pairs));
        var createdJson = JsonSerializer.Serialize(template, ApiJson.Options);
        var statusJson = JsonSerializer.Serialize(template with { Status = status }, ApiJson.Options);
        rows.Add(RawEquivalent(Path.Combine(dir, "raw.db"), createdJson, statusJson, pairs));
        rows.Add(RawFloor(Path.Combine(dir, "floor.db"), createdJson, statusJson, pairs));
        return rows;
    }

    private static async Task<ThroughputRow> StoreAsync(string path, Dataset template, DatasetStatus status, int pairs)
    {
        using var store = new SqliteObjectStore(path, TimeProvider.System, new SqliteStoreOptions { SynchronousFull = false });
        await Warm(async i => await PairAsync(store, template, status, $"warm-{i}"));
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < pairs; i++) await PairAsync(store, template, status, $"ds-{i}");
        return new ThroughputRow("SqliteObjectStore (create + UpdateStatus)", pairs, clock.Elapsed.TotalSeconds);
    }

    private static async Task PairAsync(SqliteObjectStore store, Dataset template, DatasetStatus status, string name)
    {
        var created = await store.CreateAsync(template with { Metadata = template.Metadata with { Name = name } });
        await store.UpdateStatusAsync(((Dataset)created) with { Status = status });
    }

    private static ThroughputRow RawEquivalent(string path, string createdJson, string statusJson, int pairs)
    {
        using var c = Open(path);
        Exec(c, """
            CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT INTO meta VALUES ('revision', 0);
            CREATE TABLE objects(kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, uid TEXT NOT NULL UNIQUE,
                resource_version INTEGER NOT NULL, generation INTEGER NOT NULL, deleting INTEGER NOT NULL DEFAULT 0, json TEXT NOT NULL,
                PRIMARY KEY(kind, namespace, name)) WITHOUT ROWID;
            CREATE TABLE revisions(revision INTEGER PRIMARY KEY, kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, json TEXT NOT NULL);
            CREATE INDEX revisions_kind ON revisions(kind, revision);
            """);
        using var next = Prepare(c, "UPDATE meta SET value = value + 1 WHERE key='revision' RETURNING value");
        using var insert = Prepare(c, "INSERT INTO objects VALUES ('Dataset', 'default', $n, $uid, $rv, 1, 0, $json)", "$n", "$uid", "$rv", "$json");
        using var update = Prepare(c, "UPDATE objects SET resource_version=$rv, json=$json WHERE kind='Dataset' AND namespace='default' AND name=$n", "$n", "$rv", "$json");
        using var log = Prepare(c, "INSERT INTO revisions VALUES ($rv, 'Dataset', 'default', $n, $t, $json)", "$rv", "$n", "$t", "$json");
        void Pair(string name)
        {
            using (var tx = c.BeginTransaction(deferred: false))
            {
                foreach (var cmd in new[] { next, insert, log }) cmd.Transaction = tx;
                var rev = (long)next.ExecuteScalar()!;
                Run(insert, ("$n", name), ("$uid", Guid.NewGuid().ToString()), ("$rv", rev), ("$json", createdJson));
                Run(log, ("$rv", rev), ("$n", name), ("$t", "Added"), ("$json", createdJson));
                tx.Commit();
            }
            using (var tx = c.BeginTransaction(deferred: false))
            {
                foreach (var cmd in new[] { next, update, log }) cmd.Transaction = tx;
                var rev = (long)next.ExecuteScalar()!;
                Run(update, ("$n", name), ("$rv", rev), ("$json", statusJson));
                Run(log, ("$rv", rev), ("$n", name), ("$t", "Modified"), ("$json", statusJson));
                tx.Commit();
            }
        }
        Warm(i => { Pair($"warm-{i}"); return Task.CompletedTask; }).GetAwaiter().GetResult();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < pairs; i++) Pair($"ds-{i}");
        return new ThroughputRow("raw SQLite, equivalent tables (objects + revision log)", pairs, clock.Elapsed.TotalSeconds);
    }

    private static ThroughputRow RawFloor(string path, string createdJson, string statusJson, int pairs)
    {
        using var c = Open(path);
        Exec(c, "CREATE TABLE objects(name TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;");
        using var insert = Prepare(c, "INSERT INTO objects VALUES ($n, $json)", "$n", "$json");
        using var update = Prepare(c, "UPDATE objects SET json=$json WHERE name=$n", "$n", "$json");
        void Pair(string name)
        {
            foreach (var (cmd, json) in new[] { (insert, createdJson), (update, statusJson) })
            {
                using var tx = c.BeginTransaction(deferred: false);
                cmd.Transaction = tx;
                Run(cmd, ("$n", name), ("$json", json));
                tx.Commit();
            }
        }
        Warm(i => { Pair($"warm-{i}"); return Task.CompletedTask; }).GetAwaiter().GetResult();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < pairs; i++) Pair($"ds-{i}");
        return new ThroughputRow("raw SQLite floor (one table, INSERT + UPDATE)", pairs, clock.Elapsed.TotalSeconds);
    }

    private static async Task Warm(Func<int, Task> pair)
    {
        for (var i = 0; i < 200; i++) await pair(i);
    }

    private static SqliteConnection Open(string path)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        c.Open();
        Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection c, string sql, params string[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters) cmd.Parameters.Add(new SqliteParameter { ParameterName = p });
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values) cmd.Parameters[name].Value = value;
        cmd.ExecuteNonQuery();
    }
}
