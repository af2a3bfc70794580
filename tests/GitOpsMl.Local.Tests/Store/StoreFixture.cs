using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Local.Store;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsMl.Local.Tests.Store;

/// <summary>A store on a fresh temporary file, deleted afterwards, and builders for test objects.</summary>
public sealed class StoreFixture : IDisposable
{
    public StoreFixture(SqliteStoreOptions? options = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("gitopsml-store-").FullName;
        Path = System.IO.Path.Combine(Directory, "state.db");
        Options = options ?? new SqliteStoreOptions { PollInterval = TimeSpan.FromMilliseconds(50) };
        Store = new SqliteObjectStore(Path, Time, Options);
    }

    public string Directory { get; }
    public string Path { get; }
    public SqliteStoreOptions Options { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
    public SqliteObjectStore Store { get; private set; }

    /// <summary>Drops this instance and opens the file again, as a restarted process would.</summary>
    public SqliteObjectStore Reopen()
    {
        Store.Dispose();
        return Store = new SqliteObjectStore(Path, Time, Options);
    }

    public static Dataset Dataset(string name, string path = "data.csv", string? ns = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new DatasetSpec { Source = new DatasetSource { Path = path } },
    };

    public static ObjectKey Key(string kind, string name) => ObjectKey.For(kind, null, name);

    public void Dispose()
    {
        Store.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
