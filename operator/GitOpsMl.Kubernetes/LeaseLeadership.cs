using System.Net;
using GitOpsMl.Api.Failures;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;

namespace GitOpsMl.Kubernetes;

/// <summary>
/// Leader election over a coordination.k8s.io/v1 Lease, as controller-runtime does it, on the client's
/// <see cref="LeaderElector"/> and <see cref="LeaseLock"/>: the work given to <see cref="RunAsync"/> starts only
/// once this process holds the Lease, and is cancelled when it stops holding it. On cancellation the Lease
/// is released after the work has stopped (ReleaseOnCancel, which the client lacks), so a standby takes
/// over at its next retry instead of after the lease duration. A Lease lost while leading (not renewed
/// within the renew deadline) is a <see cref="GitOpsMlFailure"/>: the process must exit, as controller-runtime's
/// does, since its caches and in-flight work assumed it was alone.
/// </summary>
public sealed class LeaseLeadership(IKubernetes client, LeaderElectionOptions options, TextWriter log)
{
    /// <summary>The reason of the failure thrown when leadership is lost while leading.</summary>
    public const string LostReason = "LeaderElectionLost";

    public LeaderElectionOptions Options { get; } = options;

    private string Lease => $"{Options.Namespace}/{Options.LeaseName}";

    /// <summary>
    /// Waits for the Lease, runs <paramref name="lead"/> while holding it, and returns when
    /// <paramref name="ct"/> is cancelled (while waiting or leading; the Lease is released) or when
    /// <paramref name="lead"/> returns or throws (released too; its exception is rethrown).
    /// Throws a transient <see cref="GitOpsMlFailure"/> (<see cref="LostReason"/>) after cancelling and
    /// awaiting <paramref name="lead"/> when the Lease is lost.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken ct)
    {
        if (Options.TimingProblem() is { } problem)
        {
            throw new ArgumentException($"leader election: {problem}", nameof(options));
        }
        await CheckAccessAsync(ct).ConfigureAwait(false);
        var leaseLock = new LeaseLock(client, Options.Namespace, Options.LeaseName, Options.Identity);
        using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = Options.LeaseDuration,
            RenewDeadline = Options.RenewDeadline,
            RetryPeriod = Options.RetryPeriod,
        });
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.OnStartedLeading += () => started.TrySetResult();
        elector.OnNewLeader += holder => log.WriteLine(holder == Options.Identity
            ? $"leader election: this process ({Options.Identity}) holds the lease {Lease}"
            : string.IsNullOrEmpty(holder)
                ? $"leader election: the lease {Lease} is free; taking it"
                : $"leader election: waiting for the lease {Lease}, held by {holder} (this process: {Options.Identity})");
        string? lastError = null;
        elector.OnError += e =>
        {
            // The elector retries every error; say each distinct one once, not every retry period.
            var text = e.Message;
            if (text != Interlocked.Exchange(ref lastError, text))
            {
                log.WriteLine($"leader election: {Lease}: {text} (retrying every {Options.RetryPeriod.TotalSeconds:0.#} s)");
            }
        };

        using var electing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        log.WriteLine($"leader election: contending for the lease {Lease} as {Options.Identity}");
        var election = elector.RunUntilLeadershipLostAsync(electing.Token);
        if (await Task.WhenAny(started.Task, election).ConfigureAwait(false) == election && !started.Task.IsCompleted)
        {
            await EndedWithoutLeadingAsync(election, ct).ConfigureAwait(false);
            return;
        }

        using var term = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var work = lead(term.Token);
        var first = await Task.WhenAny(work, election).ConfigureAwait(false);
        var lost = first == election && !ct.IsCancellationRequested;
        term.Cancel();
        electing.Cancel();
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
        }
        finally
        {
            await Observe(election).ConfigureAwait(false);
            if (!lost)
            {
                // Only after the work stopped: a standby must not start while this process still acts.
                await ReleaseAsync().ConfigureAwait(false);
            }
        }
        if (lost)
        {
            throw new GitOpsMlFailure(FailureKind.Transient, LostReason,
                $"leader election lost: the lease {Lease} was not renewed within the renew deadline of {Options.RenewDeadline.TotalSeconds:0.#} s " +
                $"(now held by {await HolderAsync().ConfigureAwait(false) ?? "nobody"}); stopped reconciling and exiting so that a restart rejoins the election as a standby");
        }
    }

    /// <summary>
    /// Gives the Lease up if this process still holds it, as client-go's release does: an empty holder, a
    /// one-second duration, renewed now. An empty holder (not an absent one) is what the elector takes at once.
    /// </summary>
    public async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(Options.RenewDeadline);
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(Options.LeaseName, Options.Namespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != Options.Identity)
            {
                return;
            }
            var now = DateTime.UtcNow;
            lease.Spec = new V1LeaseSpec
            {
                HolderIdentity = "",
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaseTransitions = lease.Spec.LeaseTransitions,
            };
            // Replace carries the resourceVersion read: if another process took the Lease meanwhile, this fails and changes nothing.
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, Options.LeaseName, Options.Namespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            log.WriteLine($"leader election: released the lease {Lease}");
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            log.WriteLine($"leader election: could not release the lease {Lease} ({e.Message}); a standby takes it once it expires ({Options.LeaseDuration.TotalSeconds:0.#} s)");
        }
    }

    private async Task EndedWithoutLeadingAsync(Task election, CancellationToken ct)
    {
        try
        {
            await election.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            log.WriteLine($"leader election: stopped while waiting for the lease {Lease}");
            return;
        }
        catch (HttpRequestException e)
        {
            throw new GitOpsMlFailure(FailureKind.Transient, "ApiServerUnreachable", $"leader election: cannot reach the API server {client.BaseUri}: {e.Message}", e);
        }
        if (!ct.IsCancellationRequested)
        {
            throw new InvalidOperationException($"leader election on {Lease} ended without leading and without being cancelled");
        }
    }

    private async Task<string?> HolderAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(Options.RetryPeriod);
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(Options.LeaseName, Options.Namespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            return string.IsNullOrEmpty(lease.Spec?.HolderIdentity) ? null : lease.Spec.HolderIdentity;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            return "unknown: the API server did not answer";
        }
    }

    private static async Task Observe(Task election)
    {
        try
        {
            await election.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// The elector treats every refusal as "not acquired" and would wait forever; a user whose identity may
    /// not use Leases is told so at once, naming the rights (see deploy/rbac.yaml).
    /// </summary>
    private async Task CheckAccessAsync(CancellationToken ct)
    {
        try
        {
            _ = await client.CoordinationV1.ReadNamespacedLeaseAsync(Options.LeaseName, Options.Namespace, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new UnauthorizedAccessException(
                $"the API server {client.BaseUri} refused to read the lease {Lease} ({(int)e.Response.StatusCode}): leader election needs get/create/update on " +
                "leases.coordination.k8s.io (deploy/rbac.yaml grants them), or run a single operator with --leader-elect=false", e);
        }
        catch (HttpRequestException e)
        {
            throw new GitOpsMlFailure(FailureKind.Transient, "ApiServerUnreachable", $"cannot reach the API server {client.BaseUri}: {e.Message}", e);
        }
    }
}
