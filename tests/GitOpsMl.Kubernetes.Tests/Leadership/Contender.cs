using System.Diagnostics;
using k8s;

namespace GitOpsMl.Kubernetes.Tests.Leadership;

/// <summary>
/// One process's side of an election in a test: a <see cref="LeaseLeadership"/> whose work records when it
/// led and when it stopped, with its log kept for assertions and failure messages.
/// </summary>
public sealed class Contender : IAsyncDisposable
{
    /// <summary>Short enough for fast tests, sound by the same rules as the defaults (whole-second lease, deadline above 1.2 retries).</summary>
    public static LeaderElectionOptions FastOptions(string ns, string lease, string identity) => new()
    {
        Namespace = ns,
        LeaseName = lease,
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(4),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(250),
    };

    private readonly StringWriter _log = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock;
    private readonly TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _isLeading;

    private Contender(IKubernetes client, LeaderElectionOptions options, Stopwatch clock)
    {
        _clock = clock;
        Options = options;
        Run = Task.Run(() => new LeaseLeadership(client, options, TextWriter.Synchronized(_log)).RunAsync(LeadAsync, _stop.Token));
    }

    public LeaderElectionOptions Options { get; }

    public string Identity => Options.Identity;

    /// <summary>The election: completes when stopped, or faults (leadership lost).</summary>
    public Task Run { get; }

    public bool IsLeading => _isLeading;

    /// <summary>When its work started and stopped, on the clock shared by the test's contenders.</summary>
    public TimeSpan? LedAt { get; private set; }

    public TimeSpan? StoppedLeadingAt { get; private set; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static Contender Start(IKubernetes client, LeaderElectionOptions options, Stopwatch clock) => new(client, options, clock);

    public async Task WaitLeadingAsync(TimeSpan patience)
    {
        var done = await Task.WhenAny(_leading.Task, Run, Task.Delay(patience));
        if (done != _leading.Task)
        {
            Assert.Fail($"{Identity} did not lead within {patience.TotalSeconds:0.#} s (election {(Run.IsCompleted ? Run.Status.ToString() : "running")}); its log:\n{Log}");
        }
    }

    /// <summary>Cancels it (SIGTERM) and waits for the election to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task LeadAsync(CancellationToken leading)
    {
        LedAt = _clock.Elapsed;
        _isLeading = true;
        _leading.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, leading);
        }
        finally
        {
            _isLeading = false;
            StoppedLeadingAt = _clock.Elapsed;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // A test that expected a failure has asserted it already; disposal only makes sure nothing keeps running.
        }
        _stop.Dispose();
    }
}
