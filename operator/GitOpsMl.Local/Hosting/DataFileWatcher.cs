using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Local.Observation;

namespace GitOpsMl.Local.Hosting;

/// <summary>
/// Re-reconciles a Dataset when its file changes in place (size or modification time), so new data
/// trains a new version without a commit, and a Dataset stalled on bad data recovers when the file
/// is fixed. Polling a stat per Dataset is cheap and works on every filesystem (inotify does not on all).
/// </summary>
public sealed class DataFileWatcher(IObjectCache cache, Controller datasets, DataRootResolver roots, TimeProvider time, TimeSpan interval)
{
    private readonly Dictionary<ObjectKey, (string Path, long Length, DateTime Modified)> _seen = [];

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) Scan();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    public void Scan()
    {
        foreach (var dataset in cache.List("Dataset").OfType<Dataset>())
        {
            if (roots.RootOf(dataset) is not { } root || LocalDatasetProbe.PathOf(dataset, root) is not { } path) continue;
            var file = new FileInfo(path);
            var now = (path, file.Exists ? file.Length : -1, file.Exists ? file.LastWriteTimeUtc : DateTime.MinValue);
            var key = ObjectKey.Of(dataset);
            if (_seen.TryGetValue(key, out var before) && before != now) datasets.Enqueue(key);
            _seen[key] = now;
        }
    }
}
