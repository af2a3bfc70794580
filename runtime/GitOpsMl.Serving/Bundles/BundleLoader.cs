using System.Text.Json;
using System.Text.RegularExpressions;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Serving.Bundles;

/// <summary>
/// Reads a bundle folder: manifest.json, then every file it lists, checking each file's sha256
/// against the manifest. A file that differs, is missing, is not listed (hidden dot-files aside)
/// or lies outside the folder makes the whole bundle refused with <see cref="BundleLoadException"/>.
/// The bytes of model.onnx that were hashed are the bytes handed to ONNX Runtime.
/// </summary>
public static partial class BundleLoader
{
    public const string Binary = "binary";
    public const string Multiclass = "multiclass";
    public const string Regression = "regression";

    /// <summary>Versions appear in URLs: /v2/models/{name}/versions/{version}.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    public static partial Regex VersionPattern();

    public static LoadedBundle Load(string directory)
    {
        var dir = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(dir))
        {
            throw new BundleLoadException(directory, "folder does not exist");
        }
        var manifest = ReadManifest(dir);
        CheckManifest(dir, manifest);
        CheckNoUnlistedFiles(dir, manifest);

        byte[]? model = null;
        byte[]? profileBytes = null;
        foreach (var (name, expected) in manifest.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(dir, name);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BundleLoadException(directory, $"{name} is listed in manifest.json but cannot be read: {e.Message}", e);
            }
            var actual = ContentHash.OfBytes(bytes);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new BundleLoadException(directory, $"sha256 mismatch for {name}: manifest.json says {expected.ToLowerInvariant()}, file has {actual}");
            }
            if (name == BundleManifest.ModelFile) model = bytes;
            if (name == BundleManifest.ProfileFile) profileBytes = bytes;
        }
        var profile = profileBytes is null ? new DataProfile() : ParseProfile(directory, profileBytes);
        return new LoadedBundle(dir, manifest, profile, model!);
    }

    /// <summary>The model name in a bundle's manifest.json even when the bundle itself is refused (to report the refusal under the right model).</summary>
    public static string? TryReadModelName(string directory) => TryReadManifest(directory)?.Model;

    /// <summary>The manifest of a folder whose bundle was refused, when at least the manifest reads (for naming model and version).</summary>
    public static BundleManifest? TryReadManifest(string directory)
    {
        try
        {
            return ReadManifest(Path.GetFullPath(directory));
        }
        catch (Exception e) when (e is BundleLoadException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static BundleManifest ReadManifest(string dir)
    {
        var path = Path.Combine(dir, BundleManifest.FileName);
        if (!File.Exists(path))
        {
            throw new BundleLoadException(dir, "manifest.json is missing");
        }
        try
        {
            return JsonSerializer.Deserialize<BundleManifest>(File.ReadAllBytes(path), ApiJson.Options)
                ?? throw new BundleLoadException(dir, "manifest.json is null");
        }
        catch (JsonException e)
        {
            throw new BundleLoadException(dir, $"manifest.json is not a valid bundle manifest: {e.Message}", e);
        }
    }

    private static DataProfile ParseProfile(string dir, byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<DataProfile>(bytes, ApiJson.Options) ?? new DataProfile();
        }
        catch (JsonException e)
        {
            throw new BundleLoadException(dir, $"profile.json is not a valid data profile: {e.Message}", e);
        }
    }

    private static void CheckManifest(string dir, BundleManifest m)
    {
        [System.Diagnostics.CodeAnalysis.DoesNotReturn] void Fail(string reason) => throw new BundleLoadException(dir, $"manifest.json: {reason}");
        if (string.IsNullOrWhiteSpace(m.Model)) Fail("model is empty");
        if (!VersionPattern().IsMatch(m.Version ?? "")) Fail($"version '{m.Version}' must match {VersionPattern()}");
        if (m.Task is not (Binary or Multiclass or Regression)) Fail($"task '{m.Task}' must be binary, multiclass or regression");
        if (m.Task == Binary && m.Classes.Count != 2) Fail($"a binary model needs exactly 2 classes, got {m.Classes.Count}");
        if (m.Task == Multiclass && m.Classes.Count < 2) Fail($"a multiclass model needs at least 2 classes, got {m.Classes.Count}");
        if (m.Classes.Distinct(StringComparer.Ordinal).Count() != m.Classes.Count) Fail("classes must be unique");
        if (m.Inputs is null || m.Inputs.Count == 0) Fail("inputs is empty");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in m.Inputs!)
        {
            if (string.IsNullOrEmpty(input.Name)) Fail("an input has no name");
            if (!seen.Add(input.Name)) Fail($"input '{input.Name}' appears twice");
            if (input.Kind is not (BundleInput.Numeric or BundleInput.Bool or BundleInput.Categorical or BundleInput.Timestamp))
            {
                Fail($"input '{input.Name}' has kind '{input.Kind}', expected numeric, bool, categorical or timestamp");
            }
        }
        if (m.Files is null || !m.Files.ContainsKey(BundleManifest.ModelFile)) Fail("files does not list model.onnx");
        foreach (var (name, sha) in m.Files!)
        {
            if (name == BundleManifest.FileName) Fail("files must not list manifest.json itself");
            if (name.Length == 0 || Path.IsPathRooted(name) || name.Split('/', '\\').Any(part => part is "" or "." or ".."))
            {
                Fail($"file name '{name}' must be a relative path inside the bundle");
            }
            if (!ContentHash.IsSha256Hex(sha)) Fail($"sha256 of {name} is not 64 hex digits");
        }
    }

    private static void CheckNoUnlistedFiles(string dir, BundleManifest m)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
            if (relative == BundleManifest.FileName || relative.Split('/').Any(part => part.StartsWith('.')))
            {
                continue;
            }
            if (!m.Files.ContainsKey(relative))
            {
                throw new BundleLoadException(dir, $"{relative} is not listed in manifest.json (every file must carry a sha256)");
            }
        }
    }
}
