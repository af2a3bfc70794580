using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;

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
            // Only path sources change in place: a url source's file is named by its pinned digest.
            if (roots.RootOf(dataset) is not { } root || LocalPath(dataset, root) is not { } path) continue;
            var file = new FileInfo(path);
            var now = (path, file.Exists ? file.Length : -1, file.Exists ? file.LastWriteTimeUtc : DateTime.MinValue);
            var key = ObjectKey.Of(dataset);
            if (_seen.TryGetValue(key, out var before) && before != now) datasets.Enqueue(key);
            _seen[key] = now;
        }
    }

    /// <summary>The path source's file; null when there is none or it leaves the root (the Dataset's reconcile says so).</summary>
    private static string? LocalPath(Dataset dataset, string root)
    {
        try { return DatasetFileResolver.LocalPathOf(dataset, root); }
        catch (InvalidOperationException) { return null; }
    }
}
