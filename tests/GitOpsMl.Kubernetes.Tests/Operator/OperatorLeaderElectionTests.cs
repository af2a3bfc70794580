using System.Diagnostics;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace GitOpsMl.Kubernetes.Tests.Operator;

/// <summary>
/// Two `gitopsml operator` processes against one cluster, as two replicas of a Deployment run: one leads and
/// writes status, the other waits naming it; SIGTERM hands over at once; a leader whose lease is taken exits 75.
/// Short lease timings through the flags keep it to seconds.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OperatorLeaderElectionTests(StoreCluster cluster, ITestOutputHelper log)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [KubernetesFact]
    public async Task Of_two_operators_only_the_leader_reconciles_SIGTERM_hands_over_and_a_lost_lease_exits_75()
    {
        var ns = await cluster.NewNamespaceAsync("two-operators");
        var store = cluster.Store(ns);
        using var workspace = new OperatorWorkspace();
        string[] Args(string state) =>
        [
            "--kubeconfig", cluster.ControlPlane.KubeconfigPath, "--namespace", ns, "--state", Path.Combine(workspace.Root, state),
            "--leader-election-lease-duration", "4s", "--leader-election-renew-deadline", "2s", "--leader-election-retry-period", "250ms",
        ];
        await using var one = OperatorProcess.Start(workspace.WorkingDirectory, Args("one"));
        await using var two = OperatorProcess.Start(workspace.WorkingDirectory, Args("two"));

        var leader = await UntilAsync(() => new[] { one, two }.FirstOrDefault(o => o.Output.Contains(") holds the lease")), "one operator leads", one, two);
        var standby = leader == one ? two : one;
        var leaderIdentity = await HolderAsync(ns);
        Assert.Contains($"this process ({leaderIdentity}) holds the lease {ns}/gitopsml-operator", leader.Output);
        await UntilAsync(() => standby.Output.Contains($"waiting for the lease {ns}/gitopsml-operator, held by {leaderIdentity}") ? standby : null, "the standby names the leader", one, two);

        // The leader reconciles: a Dataset without a data root gets its NoSourceRoot status. The standby started no control plane.
        await store.CreateAsync(TestObjects.Dataset(ns, "first"));
        await UntilAsync(async () => ReadyReason(await store.GetAsync(ObjectKey.For("Dataset", ns, "first"))) == ConditionReasons.NoSourceRoot ? leader : null, "the leader writes the first Dataset's status", one, two);
        Assert.DoesNotContain("Dataset/first", standby.Output);
        Assert.DoesNotContain("holds the lease", standby.Output);

        // SIGTERM: the leader stops, releases, and the standby leads sooner than the lease could expire (4 s after
        // the last renewal, which SIGTERM ends), then reconciles.
        var clock = Stopwatch.StartNew();
        await leader.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, leader.ExitCode);
        Assert.Contains("released the lease", leader.Output);
        await UntilAsync(() => standby.Output.Contains(") holds the lease") ? standby : null, "the standby takes over", standby, standby);
        log.WriteLine($"handover {clock.Elapsed.TotalSeconds:0.00} s after SIGTERM");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"handover took {clock.Elapsed.TotalSeconds:0.00} s after SIGTERM\nleader:\n{leader.Output}\nstandby:\n{standby.Output}");
        await store.CreateAsync(TestObjects.Dataset(ns, "second"));
        await UntilAsync(async () => ReadyReason(await store.GetAsync(ObjectKey.For("Dataset", ns, "second"))) == ConditionReasons.NoSourceRoot ? standby : null, "the new leader writes the second Dataset's status", standby, standby);

        // Another holder takes the lease: the leader stops reconciling and exits with the transient code, saying why.
        await Leadership.LeaseTakeover.TakeAsync(cluster.Client, ns, "gitopsml-operator", lease => (lease.Spec.HolderIdentity, lease.Spec.RenewTime) = ("intruder", DateTime.UtcNow));
        await standby.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(FailureExitCodes.Transient, standby.ExitCode);
        Assert.Contains("leader election lost", standby.Output);
        Assert.Contains("now held by intruder", standby.Output);
    }

    private static string? ReadyReason(CustomResource? r) => r is null ? null : ConditionList.Get(r.GetStatus()?.Conditions, ConditionTypes.Ready)?.Reason;

    private async Task<string> HolderAsync(string ns) =>
        (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("gitopsml-operator", ns)).Spec.HolderIdentity;

    private static Task<OperatorProcess> UntilAsync(Func<OperatorProcess?> found, string what, OperatorProcess a, OperatorProcess b) =>
        UntilAsync(() => Task.FromResult(found()), what, a, b);

    private static async Task<OperatorProcess> UntilAsync(Func<Task<OperatorProcess?>> found, string what, OperatorProcess a, OperatorProcess b)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (await found() is { } process)
            {
                return process;
            }
            if (a.HasExited || b.HasExited)
            {
                Assert.Fail($"an operator exited before {what}:\nfirst:\n{a.Output}\nsecond:\n{b.Output}");
            }
            await Task.Delay(100);
        }
        Assert.Fail($"{what}: not within {Patience.TotalSeconds:0} s\nfirst:\n{a.Output}\nsecond:\n{b.Output}");
        return null!;
    }
}
