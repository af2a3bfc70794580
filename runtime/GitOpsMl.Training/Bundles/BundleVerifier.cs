using System.Security.Cryptography;
using System.Text.Json;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Training.Bundles;

/// <summary>Checks a bundle folder against its manifest.json: every listed file exists with the listed sha256, nothing unlisted.</summary>
public static class BundleVerifier
{
    public sealed record Result(BundleManifest? Manifest, IReadOnlyList<string> Problems)
    {
        public bool Ok => Problems.Count == 0 && Manifest is not null;
    }

    public static Result Verify(string directory)
    {
        var manifestPath = Path.Combine(directory, BundleManifest.FileName);
        if (!File.Exists(manifestPath)) return new Result(null, [$"{manifestPath}: missing"]);
        BundleManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<BundleManifest>(File.ReadAllBytes(manifestPath), ApiJson.Options); }
        catch (JsonException e) { return new Result(null, [$"{manifestPath}: not a bundle manifest: {e.Message}"]); }
        if (manifest is null) return new Result(null, [$"{manifestPath}: empty"]);
        var problems = new List<string>();
        foreach (var (name, expected) in manifest.Files)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path)) { problems.Add($"{name}: listed in manifest.json but missing"); continue; }
            var actual = ContentHash.Hex(SHA256.HashData(File.ReadAllBytes(path)));
            if (actual != expected) problems.Add($"{name}: sha256 {actual} does not match manifest.json ({expected})");
        }
        foreach (var f in Directory.EnumerateFiles(directory).Select(Path.GetFileName))
            if (f != BundleManifest.FileName && !manifest.Files.ContainsKey(f!)) problems.Add($"{f}: present but not listed in manifest.json");
        return new Result(manifest, problems);
    }
}
