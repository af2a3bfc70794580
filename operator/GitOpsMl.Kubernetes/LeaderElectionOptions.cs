namespace GitOpsMl.Kubernetes;

/// <summary>
/// Which coordination.k8s.io/v1 Lease the operators of one cluster contend for, who this process is, and
/// the timing. The defaults are controller-runtime's (15 s lease, 10 s renew deadline, 2 s retry), so a
/// standby takes over within about 15 s of a leader that died without releasing, and at once after one that released.
/// </summary>
public sealed record LeaderElectionOptions
{
    public const string DefaultLeaseName = "gitopsml-operator";
    public const string DefaultNamespace = "default";

    /// <summary>The Lease's namespace.</summary>
    public string Namespace { get; init; } = DefaultNamespace;

    /// <summary>The Lease's name (`--leader-election-id`).</summary>
    public string LeaseName { get; init; } = DefaultLeaseName;

    /// <summary>Who holds the Lease while this process leads: unique per process, readable in `kubectl get lease`.</summary>
    public string Identity { get; init; } = IdentityOfThisProcess();

    /// <summary>How long a standby waits, from the last change it saw, before taking a Lease that is no longer renewed.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading (shorter than the lease: it stops before a standby may start).</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the leader renews and a standby tries to acquire.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The Lease's namespace: the one given (`--leader-election-namespace`), else the one the operator watches,
    /// else the pod's own as the in-cluster namespace file states it (<paramref name="podNamespaceFile"/>: that
    /// file's content, null outside a cluster; controller-runtime's default), else <see cref="DefaultNamespace"/>.
    /// The pod's namespace is where deploy/rbac-namespaced.yaml puts the identity's Lease rights.
    /// </summary>
    public static string NamespaceFor(string? given, string? watched, string? podNamespaceFile)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return given;
        }
        if (!string.IsNullOrEmpty(watched))
        {
            return watched;
        }
        // The kubelet writes the name alone; a trailing newline from a hand-made file is not part of it.
        var pod = podNamespaceFile?.Trim();
        return !string.IsNullOrEmpty(pod) ? pod : DefaultNamespace;
    }

    /// <summary>Host name and process id: two replicas differ by host (the pod name), two processes on one machine by pid.</summary>
    public static string IdentityOfThisProcess() => $"{Environment.MachineName}_{Environment.ProcessId}";

    /// <summary>
    /// The timing problems that would make leadership unsafe (two leaders) or flap, as controller-runtime refuses
    /// them; null when the timing is sound. Whole seconds, since the Lease records its duration in seconds.
    /// </summary>
    public string? TimingProblem()
    {
        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return $"the lease duration must be a whole number of seconds, at least 1 (given {LeaseDuration.TotalSeconds} s)";
        }
        if (RetryPeriod <= TimeSpan.Zero)
        {
            return $"the retry period must be positive (given {RetryPeriod.TotalSeconds} s)";
        }
        if (RenewDeadline >= LeaseDuration)
        {
            return $"the renew deadline ({RenewDeadline.TotalSeconds} s) must be shorter than the lease duration ({LeaseDuration.TotalSeconds} s): a leader must stop before a standby may take over";
        }
        if (RenewDeadline <= RetryPeriod * 1.2)
        {
            return $"the renew deadline ({RenewDeadline.TotalSeconds} s) must be longer than 1.2 × the retry period ({RetryPeriod.TotalSeconds} s): else one slow renewal loses the lease";
        }
        return null;
    }
}
