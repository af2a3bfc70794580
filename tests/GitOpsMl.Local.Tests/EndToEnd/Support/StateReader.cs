using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Local.Store;
using GitOpsMl.Local.Tests.Execution.Support;

namespace GitOpsMl.Local.Tests.EndToEnd.Support;

/// <summary>Reads the running control plane's objects and events from its SQLite file (WAL: a second reader is safe).</summary>
public sealed class StateReader(EndToEndWorkspace workspace) : IDisposable
{
    private SqliteObjectStore? store;

    private SqliteObjectStore Store => store ??= new SqliteObjectStore(Path.Combine(workspace.State, "state.db"));

    public async Task<T?> GetAsync<T>(string name) where T : CustomResource =>
        File.Exists(Path.Combine(workspace.State, "state.db")) ? await Store.GetAsync(ObjectKey.For(typeof(T).Name, null, name)) as T : null;

    public async Task<IReadOnlyList<T>> ListAsync<T>() where T : CustomResource =>
        (await Store.ListAsync(typeof(T).Name)).Items.OfType<T>().ToList();

    public Task<IReadOnlyList<ObjectEvent>> EventsAsync<T>(string name) => Store.ListEventsAsync(ObjectKey.For(typeof(T).Name, null, name));

    /// <summary>Waits until the object satisfies <paramref name="done"/>; the failure names its last status and the control plane's output.</summary>
    public Task<T?> UntilAsync<T>(string name, Func<T, bool> done, TimeSpan timeout, string what) where T : CustomResource =>
        Eventually.Until(() => GetAsync<T>(name), o => o is not null && done(o), timeout, what);

    public void Dispose() => store?.Dispose();
}
