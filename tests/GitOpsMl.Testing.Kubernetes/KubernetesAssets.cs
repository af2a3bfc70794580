namespace GitOpsMl.Testing.Kubernetes;

/// <summary>
/// Where the control-plane binaries (etcd, kube-apiserver, kube-controller-manager) are:
/// <c>GITOPSML_KUBE_ASSETS</c> when set, else the first <c>shared/k8s/bin</c> found walking up from
/// the test assembly's folder (a checkout beside <c>../shared</c>). Absent binaries are not an
/// error: tests that need them are skipped with <see cref="MissingReason"/>.
/// </summary>
public static class KubernetesAssets
{
    public const string EnvironmentVariable = "GITOPSML_KUBE_ASSETS";

    /// <summary>The Kubernetes version the suite is run against in CI (../shared/k8s).</summary>
    public const string TestedVersion = "v1.34";

    private static readonly string[] Required = ["etcd", "kube-apiserver"];

    private static readonly Lazy<(string? Directory, string? Missing)> Located = new(Locate);

    /// <summary>The folder holding the binaries, or null when they are absent.</summary>
    public static string? Directory => Located.Value.Directory;

    /// <summary>Why the binaries are unavailable and how to get them; null when they are available.</summary>
    public static string? MissingReason => Located.Value.Missing;

    public static string PathOf(string binary) =>
        Path.Combine(Directory ?? throw new InvalidOperationException(MissingReason), binary);

    private static (string?, string?) Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var absent = Required.Where(b => !File.Exists(Path.Combine(fromEnvironment, b))).ToList();
            return absent.Count == 0
                ? (fromEnvironment, null)
                : (null, $"{EnvironmentVariable}={fromEnvironment} lacks {string.Join(", ", absent)}. {HowToGet}");
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "k8s", "bin");
            if (Required.All(b => File.Exists(Path.Combine(candidate, b)))) return (candidate, null);
        }
        return (null, $"No Kubernetes control-plane binaries: {EnvironmentVariable} is not set and no shared/k8s/bin lies above {AppContext.BaseDirectory}. {HowToGet}");
    }

    private const string HowToGet =
        "To run these tests, put etcd, kube-apiserver and kube-controller-manager of Kubernetes " + TestedVersion + " in one folder " +
        "(the official release binaries from https://dl.k8s.io, or `setup-envtest use 1.34.x -p path` from sigs.k8s.io/controller-runtime/tools/setup-envtest) " +
        "and set " + EnvironmentVariable + " to that folder.";
}
