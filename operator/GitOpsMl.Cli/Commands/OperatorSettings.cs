using GitOpsMl.Kubernetes;

namespace GitOpsMl.Cli.Commands;

/// <summary>The options of `gitopsml operator`, as given (paths not yet resolved).</summary>
public sealed record OperatorSettings(
    string? Kubeconfig, string? Context, string? Namespace, string? State, string? DataRoot, int? MetricsPort, int? Port)
{
    /// <summary>Contend for a Lease and reconcile only while holding it (`--leader-elect`, default true as in Flux).</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary>The Lease's namespace as given; null: the watched namespace, else the pod's, else "default".</summary>
    public string? LeaderElectionNamespace { get; init; }

    public string LeaderElectionId { get; init; } = LeaderElectionOptions.DefaultLeaseName;

    public TimeSpan LeaseDuration { get; init; } = new LeaderElectionOptions().LeaseDuration;

    public TimeSpan RenewDeadline { get; init; } = new LeaderElectionOptions().RenewDeadline;

    public TimeSpan RetryPeriod { get; init; } = new LeaderElectionOptions().RetryPeriod;

    /// <summary>
    /// The election these settings ask for, its namespace resolved with <paramref name="podNamespaceFile"/> (the
    /// in-cluster namespace file's content, null outside a pod); null with --leader-elect=false.
    /// </summary>
    public LeaderElectionOptions? LeaderElection(string? podNamespaceFile) => LeaderElect
        ? new LeaderElectionOptions
        {
            Namespace = LeaderElectionOptions.NamespaceFor(LeaderElectionNamespace, Namespace, podNamespaceFile),
            LeaseName = LeaderElectionId,
            LeaseDuration = LeaseDuration,
            RenewDeadline = RenewDeadline,
            RetryPeriod = RetryPeriod,
        }
        : null;
}
