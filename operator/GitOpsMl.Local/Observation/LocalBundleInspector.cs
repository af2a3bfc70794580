using System.Text.Json;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Observation;

namespace GitOpsMl.Local.Observation;

/// <summary>Reads a bundle folder's manifest.json and metrics.json, verifying model.onnx against the manifest's digest.</summary>
public sealed class LocalBundleInspector : IBundleInspector
{
    public async Task<BundleSummary> ReadAsync(string bundlePath, CancellationToken ct = default)
    {
        var manifest = await ReadJsonAsync<BundleManifest>(Path.Combine(bundlePath, BundleManifest.FileName), ct);
        var metrics = await ReadJsonAsync<MetricsDocument>(Path.Combine(bundlePath, BundleManifest.MetricsFile), ct);
        var modelSha = manifest.Files.TryGetValue(BundleManifest.ModelFile, out var sha) ? sha
            : throw new InvalidDataException($"{bundlePath}: manifest.json lists no {BundleManifest.ModelFile}");
        var actual = ContentHash.OfBytes(await File.ReadAllBytesAsync(Path.Combine(bundlePath, BundleManifest.ModelFile), ct));
        if (!string.Equals(actual, modelSha, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{bundlePath}: {BundleManifest.ModelFile} has sha256 {actual}, the manifest says {modelSha}");
        }
        return new BundleSummary(bundlePath, manifest.Version, modelSha, manifest.Task, metrics.Test, metrics.Baseline,
            metrics.Slices, metrics.SliceRows, manifest.Lineage, metrics.Warnings ?? []);
    }

    public Task<DataProfile> ReadProfileAsync(string bundlePath, CancellationToken ct = default) =>
        ReadJsonAsync<DataProfile>(Path.Combine(bundlePath, BundleManifest.ProfileFile), ct);

    private static async Task<T> ReadJsonAsync<T>(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<T>(stream, ApiJson.Options, ct)
            ?? throw new InvalidDataException($"{path} is empty");
    }
}
