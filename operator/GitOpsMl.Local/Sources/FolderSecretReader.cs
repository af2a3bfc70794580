using GitOpsMl.Controllers.Sources;

namespace GitOpsMl.Local.Sources;

/// <summary>
/// Secrets for `gitopsml up --secrets-dir DIR`, laid out as Kubernetes mounts a Secret volume:
/// <c>DIR/&lt;namespace&gt;/&lt;name&gt;/&lt;key&gt;</c>, one file per key holding its value (the namespace is always
/// a folder, <c>default</c> included, so that a name can never be mistaken for a namespace). Entries starting
/// with <c>..</c> (the kubelet's <c>..data</c> links of a mounted Secret) are skipped; keys that are links are followed.
/// Without a folder every Secret is missing, and the SecretNotFound message says to pass --secrets-dir.
/// </summary>
public sealed class FolderSecretReader(string? directory) : ISecretReader
{
    public Task<IReadOnlyDictionary<string, byte[]>?> ReadAsync(string @namespace, string name, CancellationToken ct)
    {
        if (FolderOf(@namespace, name) is not { } folder || !Directory.Exists(folder)) return Task.FromResult<IReadOnlyDictionary<string, byte[]>?>(null);
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var key = Path.GetFileName(file);
            if (key.StartsWith("..", StringComparison.Ordinal)) continue;
            data[key] = File.ReadAllBytes(file);
        }
        return Task.FromResult<IReadOnlyDictionary<string, byte[]>?>(data);
    }

    public string Describe(string @namespace, string name) => FolderOf(@namespace, name) is { } folder
        ? $"folder {folder} (--secrets-dir, one file per key)"
        : "any folder: `gitopsml up` reads Secrets only from --secrets-dir DIR, as DIR/<namespace>/<name>/<key> files";

    /// <summary>The Secret's folder, or null without --secrets-dir or for a namespace or name that is not one path segment.</summary>
    private string? FolderOf(string @namespace, string name) =>
        directory is null || !IsSegment(@namespace) || !IsSegment(name) ? null : Path.Combine(Path.GetFullPath(directory), @namespace, name);

    private static bool IsSegment(string s) => s.Length > 0 && s != "." && s != ".." && !s.Contains('/') && !s.Contains('\0');
}
