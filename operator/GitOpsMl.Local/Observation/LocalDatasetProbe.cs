using System.Collections.Concurrent;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Observation;
using GitOpsMl.Data;
using GitOpsMl.Data.Reading;

namespace GitOpsMl.Local.Observation;

/// <summary>
/// Reads a Dataset's file in the control plane's process (the embedded backend has no Jobs) and
/// remembers the verdict per (file, size, modification time, spec): re-checking an unchanged file
/// costs a stat, and a file changed in place is read again.
/// </summary>
public sealed class LocalDatasetProbe : IDatasetProbe
{
    private readonly ConcurrentDictionary<string, DatasetObservation> _verdicts = new();

    public async Task<DatasetObservation> ProbeAsync(Dataset dataset, string dataRoot, CancellationToken ct = default)
    {
        var name = dataset.Metadata.Name;
        if (dataset.Spec.Source.Path is not { } relative)
        {
            return DatasetObservation.Failed(ConditionReasons.InvalidSpec,
                $"Dataset {name}: spec.source: only path sources run on the local backend (s3 needs the cluster backend)", permanent: true);
        }
        var root = Path.GetFullPath(dataRoot);
        var path = Path.GetFullPath(Path.Combine(root, relative));
        if (!path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            return DatasetObservation.Failed(ConditionReasons.InvalidSpec, $"Dataset {name}: spec.source.path \"{relative}\" leaves the repository root {root}", permanent: true);
        }
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return DatasetObservation.Failed(ConditionReasons.SourceNotFound, $"Dataset {name}: spec.source.path: {path} does not exist", permanent: true, path);
        }
        var identity = $"{path}|{file.Length}|{file.LastWriteTimeUtc.Ticks}|{ContentHash.Of(dataset.Spec)}";
        if (_verdicts.TryGetValue(identity, out var known)) return known;
        var observation = await Task.Run(() => Read(dataset, path), ct);
        _verdicts[identity] = observation;
        return observation;
    }

    /// <summary>The file a Dataset resolves to, for the file watcher (null for non-path sources).</summary>
    public static string? PathOf(Dataset dataset, string dataRoot) =>
        dataset.Spec.Source.Path is { } relative ? Path.GetFullPath(Path.Combine(dataRoot, relative)) : null;

    private static DatasetObservation Read(Dataset dataset, string path)
    {
        try
        {
            var validated = DatasetLoader.LoadFile(dataset.Spec, path);
            var report = validated.Report;
            return DatasetObservation.Read(report.Sha256, report.TotalRows, report.InvalidRows, path);
        }
        catch (DataRefusedException e)
        {
            return DatasetObservation.Failed(ConditionReasons.InvalidData, $"Dataset {dataset.Metadata.Name}: {path}: {e.Message}", permanent: true, path);
        }
        catch (IOException e)
        {
            return DatasetObservation.Failed(ConditionReasons.SourceNotFound, $"Dataset {dataset.Metadata.Name}: {path}: {e.Message}", permanent: false, path);
        }
    }
}
