using System.Diagnostics;
using GitOpsMl.Api.Failures;
using k8s;
using k8s.Models;

namespace GitOpsMl.Kubernetes.Tests.Leadership;

/// <summary>
/// Leader election on the real API server: contenders for one coordination.k8s.io Lease, with short
/// timings (4 s lease, 2 s renew deadline, 250 ms retry) so that each test takes seconds.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LeaseLeadershipTests(StoreCluster cluster)
{
    private const string LeaseName = "gitopsml-operator";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [KubernetesFact]
    public async Task Of_two_contenders_for_one_lease_exactly_one_leads_and_the_other_names_it_while_waiting()
    {
        var ns = await cluster.NewNamespaceAsync("lease-two");
        var clock = Stopwatch.StartNew();
        await using var a = Contender.Start(cluster.Client, Contender.FastOptions(ns, LeaseName, "replica-a"), clock);
        await using var b = Contender.Start(cluster.Client, Contender.FastOptions(ns, LeaseName, "replica-b"), clock);

        await Task.WhenAny(a.WaitLeadingAsync(Patience), b.WaitLeadingAsync(Patience));
        // Watch them for longer than a lease duration: renewals keep the leader, the other never starts.
        var watched = Stopwatch.StartNew();
        while (watched.Elapsed < TimeSpan.FromSeconds(5))
        {
            Assert.False(a.IsLeading && b.IsLeading, $"both lead at once\nA:\n{a.Log}\nB:\n{b.Log}");
            await Task.Delay(50);
        }
        var (leader, standby) = a.IsLeading ? (a, b) : (b, a);
        Assert.True(leader.IsLeading, $"nobody leads after the first leader was seen\nA:\n{a.Log}\nB:\n{b.Log}");
        Assert.Null(standby.LedAt);

        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, ns);
        Assert.Equal(leader.Identity, lease.Spec.HolderIdentity);
        Assert.Equal(4, lease.Spec.LeaseDurationSeconds);
        Assert.Contains($"waiting for the lease {ns}/{LeaseName}, held by {leader.Identity}", standby.Log);
    }

    [KubernetesFact]
    public async Task A_leader_that_is_cancelled_stops_its_work_releases_the_lease_and_the_standby_takes_over_before_it_would_expire()
    {
        var ns = await cluster.NewNamespaceAsync("lease-handover");
        var clock = Stopwatch.StartNew();
        await using var first = Contender.Start(cluster.Client, Contender.FastOptions(ns, LeaseName, "first"), clock);
        await first.WaitLeadingAsync(Patience);
        await using var second = Contender.Start(cluster.Client, Contender.FastOptions(ns, LeaseName, "second"), clock);
        await Eventually(() => second.Log.Contains("held by first"), "the second contender sees the first hold the lease", second);

        var stopped = clock.Elapsed;
        await first.StopAsync();
        Assert.Contains($"released the lease {ns}/{LeaseName}", first.Log);
        await second.WaitLeadingAsync(Patience);

        // The work of the first ended before the second's began, and the handover took less than a lease
        // duration (4 s): the standby took the released lease at a retry rather than waiting for it to expire.
        Assert.True(first.StoppedLeadingAt <= second.LedAt, $"first stopped at {first.StoppedLeadingAt}, second led at {second.LedAt}");
        var handover = second.LedAt!.Value - stopped;
        Assert.True(handover < first.Options.LeaseDuration, $"handover took {handover.TotalSeconds:0.00} s\n{second.Log}");
        var lease = await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, ns);
        Assert.Equal("second", lease.Spec.HolderIdentity);
        Assert.True(lease.Spec.LeaseTransitions >= 1, $"leaseTransitions {lease.Spec.LeaseTransitions}");
    }

    [KubernetesFact]
    public async Task A_lease_held_by_another_identity_blocks_a_newcomer_until_it_expires_unrenewed()
    {
        var ns = await cluster.NewNamespaceAsync("lease-held");
        await cluster.Client.CoordinationV1.CreateNamespacedLeaseAsync(HeldBy("someone-else", ns), ns);
        var clock = Stopwatch.StartNew();
        await using var newcomer = Contender.Start(cluster.Client, Contender.FastOptions(ns, LeaseName, "newcomer"), clock);

        await Eventually(() => newcomer.Log.Contains("held by someone-else"), "the newcomer names the holder", newcomer);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(newcomer.IsLeading, newcomer.Log);
        Assert.Equal("someone-else", (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, ns)).Spec.HolderIdentity);

        // Nobody renews it: after a lease duration (4 s) from the last change the newcomer saw, it takes the lease.
        await newcomer.WaitLeadingAsync(Patience);
        Assert.True(newcomer.LedAt >= newcomer.Options.LeaseDuration, $"led at {newcomer.LedAt}: before the lease could have expired");
        Assert.Equal("newcomer", (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, ns)).Spec.HolderIdentity);
    }

    [KubernetesFact]
    public async Task A_leader_whose_lease_is_taken_stops_its_work_and_fails_as_transient_without_releasing()
    {
        var ns = await cluster.NewNamespaceAsync("lease-lost");
        var clock = Stopwatch.StartNew();
        await using var leader = Contender.Start(cluster.Client, Contender.FastOptions(ns, LeaseName, "leader"), clock);
        await leader.WaitLeadingAsync(Patience);

        // Another writer takes the lease (as after a partition the leader did not notice): renewals now fail.
        await LeaseTakeover.TakeAsync(cluster.Client, ns, LeaseName, lease => lease.Spec = HeldBy("intruder", ns).Spec);
        var taken = clock.Elapsed;

        var failure = await Assert.ThrowsAsync<GitOpsMlFailure>(() => leader.Run.WaitAsync(Patience));
        Assert.Equal(FailureKind.Transient, failure.Kind);
        Assert.Equal(LeaseLeadership.LostReason, failure.Reason);
        Assert.Contains($"lease {ns}/{LeaseName}", failure.Message);
        Assert.Contains("now held by intruder", failure.Message);
        Assert.False(leader.IsLeading);
        // The work stopped within the renew deadline (2 s) and a few retries of when the lease was taken.
        Assert.True(leader.StoppedLeadingAt - taken < TimeSpan.FromSeconds(6), $"work stopped {(leader.StoppedLeadingAt - taken)?.TotalSeconds:0.00} s after the lease was taken");
        Assert.Equal("intruder", (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, ns)).Spec.HolderIdentity);
        Assert.DoesNotContain("released", leader.Log);
    }

    private static V1Lease HeldBy(string holder, string ns) => new()
    {
        Metadata = new V1ObjectMeta { Name = LeaseName, NamespaceProperty = ns },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = holder,
            LeaseDurationSeconds = 15,
            AcquireTime = DateTime.UtcNow,
            RenewTime = DateTime.UtcNow,
            LeaseTransitions = 0,
        },
    };

    private static async Task Eventually(Func<bool> done, string what, Contender about)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > Patience)
            {
                Assert.Fail($"{what}: not within {Patience.TotalSeconds:0} s; log of {about.Identity}:\n{about.Log}");
            }
            await Task.Delay(50);
        }
    }
}
