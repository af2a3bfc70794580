using GitOpsMl.Controllers.Store;
using GitOpsMl.Testing.Store;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsMl.Local.Tests.Store;

/// <summary>The store contract on the SQLite store, on a fresh temporary file per test; it stamps with its own (fake) clock, exactly.</summary>
public sealed class SqliteObjectStoreContractTests : ObjectStoreContract
{
    private readonly StoreFixture _f = new();

    protected override FakeTimeProvider Time => _f.Time;

    protected override TimeProvider StampClock => _f.Time;

    protected override TimeSpan StampTolerance => TimeSpan.Zero;

    protected override Task<(IObjectStore Store, string Ns)> NewStoreAsync() => Task.FromResult<(IObjectStore, string)>((_f.Store, "default"));

    // Namespaces need no creating here.
    protected override Task<string> OtherNamespaceAsync(string prefix) => Task.FromResult(prefix);

    protected override long? CurrentRevision() => _f.Store.CurrentRevision();

    public override Task DisposeAsync()
    {
        _f.Dispose();
        return Task.CompletedTask;
    }
}
