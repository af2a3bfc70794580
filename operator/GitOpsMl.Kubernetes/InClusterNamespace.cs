namespace GitOpsMl.Kubernetes;

/// <summary>
/// The namespace of the pod this process runs in, as the kubelet mounts it with the service account's token.
/// Read apart from <see cref="LeaderElectionOptions.NamespaceFor"/> so that the choice is testable without the file.
/// </summary>
public static class InClusterNamespace
{
    /// <summary>Where every pod with a mounted service account finds its namespace (client-go's and controller-runtime's path).</summary>
    public const string FilePath = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>The file's content; null outside a pod (no such file, or one this process may not read).</summary>
    public static string? Read(string path = FilePath)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
