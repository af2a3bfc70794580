using GitOpsMl.Controllers.Store;
using GitOpsMl.Testing.Store;

namespace GitOpsMl.Local.Tests.Store;

/// <summary>The controller runtime contract on the SQLite store, on a fresh temporary file per test.</summary>
public sealed class ControllerOnSqliteStoreTests : ControllerOnStoreContract
{
    private readonly StoreFixture _f = new();

    protected override TimeSpan Patience => TimeSpan.FromSeconds(20);

    protected override TimeSpan PollInterval => TimeSpan.FromMilliseconds(20);

    protected override TimeSpan QuietPeriod => TimeSpan.FromMilliseconds(300);

    protected override Task<(IObjectStore Store, string Ns)> NewStoreAsync() => Task.FromResult<(IObjectStore, string)>((_f.Store, "default"));

    // Exact here: no write anywhere in the store may follow the controller's own status write.
    protected override long? CurrentRevision() => _f.Store.CurrentRevision();

    protected override Task DisposeStoreAsync()
    {
        _f.Dispose();
        return Task.CompletedTask;
    }
}
