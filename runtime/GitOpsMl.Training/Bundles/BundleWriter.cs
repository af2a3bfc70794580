using System.Text.Json;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Training.Bundles;

/// <summary>
/// Writes an artifact bundle atomically: every file goes into a hidden temporary folder beside
/// the destination, manifest.json (with the sha256 of every other file) is written last, and
/// only then is the folder renamed into place. A crash leaves a dot-folder, never a folder that
/// looks like a complete bundle; an existing bundle is only replaced after the new one is whole.
/// </summary>
public sealed class BundleWriter
{
    private readonly string _destination;
    private readonly string _staging;
    private readonly SortedDictionary<string, string> _hashes = new(StringComparer.Ordinal);

    public BundleWriter(string destination)
    {
        this._destination = Path.GetFullPath(destination);
        var parent = Path.GetDirectoryName(this._destination.TrimEnd('/'))!;
        Directory.CreateDirectory(parent);
        _staging = Path.Combine(parent, $".{Path.GetFileName(this._destination.TrimEnd('/'))}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_staging);
    }

    public string StagingDirectory => _staging;

    /// <summary>
    /// Throws an <see cref="IOException"/> naming <paramref name="destination"/> when no bundle can be written
    /// there: it is an existing file, or its parent folder cannot be created or written (probed by creating and
    /// removing a hidden folder, the way <see cref="BundleWriter"/> stages). Call it before the expensive work.
    /// </summary>
    public static void CheckDestination(string destination)
    {
        var full = Path.GetFullPath(destination).TrimEnd('/');
        if (File.Exists(full))
            throw new IOException($"--out {destination}: {full} is an existing file; a bundle is a folder (remove the file or choose another path)");
        try
        {
            var parent = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(parent);
            var probe = Path.Combine(parent, $".{Path.GetFileName(full)}.probe-{Guid.NewGuid():N}");
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IOException($"--out {destination}: cannot write a bundle there: {e.Message}", e);
        }
    }

    public void WriteBytes(string name, byte[] bytes)
    {
        if (name == BundleManifest.FileName || name.Contains('/') || name.Contains('\\'))
            throw new ArgumentException($"invalid bundle file name {name}");
        File.WriteAllBytes(Path.Combine(_staging, name), bytes);
        _hashes[name] = ContentHash.OfBytes(bytes);
    }

    public void WriteJson<T>(string name, T value) => WriteBytes(name, JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Indented));

    public void WriteText(string name, string text) => WriteBytes(name, System.Text.Encoding.UTF8.GetBytes(text));

    public IReadOnlyDictionary<string, string> FileHashes => _hashes;

    /// <summary>Writes manifest.json, flushes, and moves the bundle into place. Returns the final path.</summary>
    public string Commit(Func<IReadOnlyDictionary<string, string>, BundleManifest> manifest)
    {
        var m = manifest(_hashes);
        var path = Path.Combine(_staging, BundleManifest.FileName);
        using (var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(f, m, ApiJson.Indented);
            f.Flush(flushToDisk: true);
        }
        if (Directory.Exists(_destination))
        {
            // Replace: move the old bundle aside first so there is never a moment with a half bundle at the destination.
            var old = _staging + ".old";
            Directory.Move(_destination, old);
            Directory.Move(_staging, _destination);
            Directory.Delete(old, recursive: true);
        }
        else
        {
            Directory.Move(_staging, _destination);
        }

        return _destination;
    }

    /// <summary>Removes the staging folder (a failed run leaves nothing behind).</summary>
    public void Abandon()
    {
        if (Directory.Exists(_staging)) Directory.Delete(_staging, recursive: true);
    }
}
