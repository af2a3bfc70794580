using GitOpsMl.Api.Common;
using GitOpsMl.Local.Store;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>Reads a running `gitopsml up`'s objects from its SQLite file (WAL: a second reader is safe).</summary>
public sealed class StateFile(ChurnWorkspace workspace) : IDisposable
{
    private SqliteObjectStore? _store;

    private string Path => System.IO.Path.Combine(workspace.State, "state.db");

    public async Task<T?> GetAsync<T>(string name) where T : CustomResource
    {
        if (_store is null && !File.Exists(Path)) return null;
        _store ??= new SqliteObjectStore(Path);
        return await _store.GetAsync(ObjectKey.For(typeof(T).Name, null, name)) as T;
    }

    public async Task<T> UntilAsync<T>(string name, Func<T, bool> done, TimeSpan timeout, string what, Func<string> output) where T : CustomResource
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await GetAsync<T>(name) is { } found && done(found)) return found;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{what} not reached within {timeout.TotalSeconds:0}s\n--- gitopsml up output (tail) ---\n{Tail(output(), 3000)}");
    }

    private static string Tail(string text, int chars) => text.Length <= chars ? text : text[^chars..];

    public void Dispose() => _store?.Dispose();
}
