using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Local.Store;
using GitOpsMl.Local.Tests.Execution.Support;

namespace GitOpsMl.Local.Tests.EndToEnd.Support;

/// <summary>Reads the running control plane's objects and events from its SQLite file (WAL: a second reader is safe).</summary>
public sealed class StateReader(EndToEndWorkspace workspace) : IDisposable
{
    private SqliteObjectStore? _store;

    private SqliteObjectStore Store => _store ??= new SqliteObjectStore(Path.Combine(workspace.State, "state.db"));

    public async Task<T?> GetAsync<T>(string name) where T : CustomResource =>
        File.Exists(Path.Combine(workspace.State, "state.db")) ? await Store.GetAsync(ObjectKey.For(typeof(T).Name, null, name)) as T : null;

    public async Task<IReadOnlyList<T>> ListAsync<T>() where T : CustomResource =>
        (await Store.ListAsync(typeof(T).Name)).Items.OfType<T>().ToList();

    public Task<IReadOnlyList<ObjectEvent>> EventsAsync<T>(string name) => Store.ListEventsAsync(ObjectKey.For(typeof(T).Name, null, name));

    /// <summary>Waits until the object satisfies <paramref name="done"/>; the failure names its last status and the control plane's output.</summary>
    public async Task<T?> UntilAsync<T>(string name, Func<T, bool> done, TimeSpan timeout, string what) where T : CustomResource
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        T? last;
        do
        {
            last = await GetAsync<T>(name);
            if (last is not null && done(last)) return last;
            await Task.Delay(100);
        } while (clock.Elapsed < timeout);
        var json = last is null ? "(absent)" : System.Text.Json.JsonSerializer.Serialize(last, last.GetType(), ApiJson.Indented);
        throw new TimeoutException($"{what} not reached within {timeout.TotalSeconds:0}s; {typeof(T).Name}/{name} is {json}\n--- control plane output ---\n{Output?.Invoke()}");
    }

    /// <summary>The control plane's output, added to failure messages.</summary>
    public Func<string>? Output { get; set; }

    public void Dispose() => _store?.Dispose();
}
