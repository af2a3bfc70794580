using GitOpsMl.Controllers.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsMl.Controllers.Tests.Runtime;

public sealed class WorkQueueTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue<string> _queue;

    public WorkQueueTests() =>
        _queue = new WorkQueue<string>(_time, new BackoffPolicy { Base = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(60), Jitter = 0.5 }, random: () => 0.5);

    public void Dispose() => _queue.Dispose();

    private async Task<string> Next()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _queue.GetAsync(cts.Token);
    }

    private async Task AssertEmpty()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _queue.GetAsync(cts.Token));
    }

    [Fact]
    public async Task A_key_added_many_times_while_waiting_is_handed_out_once()
    {
        _queue.Add("a");
        _queue.Add("b");
        _queue.Add("a");
        Assert.Equal(2, _queue.Count);
        Assert.Equal("a", await Next());
        Assert.Equal("b", await Next());
        await AssertEmpty();
    }

    [Fact]
    public async Task A_key_added_while_processing_is_not_handed_out_until_done_then_once()
    {
        _queue.Add("a");
        var a = await Next();
        _queue.Add("a");
        _queue.Add("a");
        await AssertEmpty();

        _queue.Done(a);
        Assert.Equal("a", await Next());
        _queue.Done("a");
        await AssertEmpty();
    }

    [Fact]
    public async Task Requeue_after_waits_for_the_clock_and_the_earliest_pending_time_wins()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _queue.AddAfter("a", TimeSpan.FromSeconds(3));
        _queue.AddAfter("a", TimeSpan.FromSeconds(20));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, _queue.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("a", await Next());
        _queue.Done("a");
        _time.Advance(TimeSpan.FromSeconds(30));
        await AssertEmpty();
    }

    [Fact]
    public async Task Errors_back_off_exponentially_with_jitter_until_forgotten()
    {
        // random() is 0.5 and jitter 0.5: each delay is 1.25 × base · 2^(n−1).
        Assert.Equal(TimeSpan.FromSeconds(1.25), _queue.AddRateLimited("a"));
        Assert.Equal(TimeSpan.FromSeconds(2.5), _queue.AddRateLimited("a"));
        Assert.Equal(TimeSpan.FromSeconds(5), _queue.AddRateLimited("a"));
        Assert.Equal(3, _queue.Failures("a"));

        _time.Advance(TimeSpan.FromSeconds(1.25));
        Assert.Equal("a", await Next());
        _queue.Done("a");

        _queue.Forget("a");
        Assert.Equal(0, _queue.Failures("a"));
        Assert.Equal(TimeSpan.FromSeconds(1.25), _queue.AddRateLimited("a"));
    }

    [Fact]
    public async Task Shutdown_wakes_waiting_workers_and_refuses_new_keys()
    {
        var waiting = _queue.GetAsync();
        _queue.ShutDown();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        _queue.Add("a");
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task The_depth_callback_reports_the_waiting_count()
    {
        var depths = new List<int>();
        using var q = new WorkQueue<string>(_time, depthChanged: d => { lock (depths) depths.Add(d); });
        q.Add("a");
        q.Add("b");
        await q.GetAsync();
        Assert.Equal([1, 2, 1], depths);
    }
}
