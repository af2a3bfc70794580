using System.Collections.Concurrent;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Controllers.Observation;
using GitOpsMl.Data;
using GitOpsMl.Data.Reading;

namespace GitOpsMl.Local.Observation;

/// <summary>
/// Reads a Dataset's file in the control plane's process (the embedded backend has no Jobs) and
/// remembers the verdict per (file, size, modification time, spec): re-checking an unchanged file
/// costs a stat, and a file changed in place is read again. The file comes from the one
/// <see cref="DatasetFileResolver"/>: a path under the root, or a url source's cached download.
/// </summary>
public sealed class LocalDatasetProbe(DatasetFileResolver files) : IDatasetProbe
{
    private readonly ConcurrentDictionary<string, DatasetObservation> _verdicts = new();

    public async Task<DatasetObservation> ProbeAsync(Dataset dataset, string? dataRoot, CancellationToken ct = default)
    {
        var name = dataset.Metadata.Name;
        string path;
        try
        {
            // A url source downloads on its first probe (later ones find the cached file): off the reconcile thread.
            path = await Task.Run(() => files.Resolve(dataset, dataRoot, ct), ct);
        }
        catch (InvalidOperationException e)
        {
            return DatasetObservation.Failed(ConditionReasons.InvalidSpec, $"Dataset {name}: spec.source.path: {e.Message}", permanent: true);
        }
        catch (GitOpsMlFailure e) when (e.Kind is not FailureKind.Internal)
        {
            var reason = e.Kind switch
            {
                FailureKind.InvalidData => ConditionReasons.InvalidData,
                FailureKind.InvalidSpec => ConditionReasons.InvalidSpec,
                _ => e.Reason,
            };
            return DatasetObservation.Failed(reason, e.Message, permanent: FailureExitCodes.IsPermanent(e.Kind));
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
