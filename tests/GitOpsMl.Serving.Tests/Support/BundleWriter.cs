using System.Text.Json;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;
using GitOpsMl.Serving.Bundles;

namespace GitOpsMl.Serving.Tests.Support;

/// <summary>Writes a bundle folder the way the trainer does: model.onnx, profile.json, manifest.json with the sha256 of every other file.</summary>
public static class BundleWriter
{
    public static string Write(string directory, string model, string version, string task, IReadOnlyList<string> classes,
        IReadOnlyList<BundleInput> inputs, byte[] onnx, DataProfile profile)
    {
        Directory.CreateDirectory(directory);
        var files = new Dictionary<string, byte[]>
        {
            [BundleManifest.ModelFile] = onnx,
            [BundleManifest.ProfileFile] = JsonSerializer.SerializeToUtf8Bytes(profile, ApiJson.Indented),
            [BundleManifest.ModelCardFile] = "# test model\n"u8.ToArray(),
        };
        foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(directory, name), bytes);
        var manifest = new BundleManifest
        {
            Model = model,
            Version = version,
            Task = task,
            Classes = classes,
            Inputs = inputs,
            Files = files.ToDictionary(f => f.Key, f => ContentHash.OfBytes(f.Value)),
            Lineage = new BundleLineage { Seed = 1 },
        };
        File.WriteAllBytes(Path.Combine(directory, BundleManifest.FileName), JsonSerializer.SerializeToUtf8Bytes(manifest, ApiJson.Indented));
        return directory;
    }

    /// <summary>Flips one byte of a file without updating manifest.json.</summary>
    public static void Tamper(string directory, string file = BundleManifest.ModelFile)
    {
        var path = Path.Combine(directory, file);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }
}
