namespace GitOpsMl.Controllers.Sources;

/// <summary>
/// Where the control plane reads Secrets (a GitSource's spec.secretRef): the API server's core/v1 Secrets in
/// a cluster, a folder laid out as Kubernetes mounts them for `gitopsml up`. Only get by name: nothing lists,
/// watches or writes Secrets, and their values never reach a status, an event or a log line.
/// </summary>
public interface ISecretReader
{
    /// <summary>The keys and raw values of Secret <paramref name="name"/> in <paramref name="namespace"/>, or null when there is none.</summary>
    Task<IReadOnlyDictionary<string, byte[]>?> ReadAsync(string @namespace, string name, CancellationToken ct);

    /// <summary>Where that Secret was looked for, for a SecretNotFound message (a folder, or the API server's namespace).</summary>
    string Describe(string @namespace, string name);
}
