using GitOpsMl.Controllers.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsMl.Controllers.Tests.Runtime;

public sealed class WorkQueueTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly WorkQueue<string> queue;

    public WorkQueueTests() =>
        queue = new WorkQueue<string>(time, new BackoffPolicy { Base = TimeSpan.FromSeconds(1), Max = TimeSpan.FromSeconds(60), Jitter = 0.5 }, random: () => 0.5);

    public void Dispose() => queue.Dispose();

    private async Task<string> Next()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await queue.GetAsync(cts.Token);
    }

    private async Task AssertEmpty()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.GetAsync(cts.Token));
    }

    [Fact]
    public async Task A_key_added_many_times_while_waiting_is_handed_out_once()
    {
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await Next());
        Assert.Equal("b", await Next());
        await AssertEmpty();
    }

    [Fact]
    public async Task A_key_added_while_processing_is_not_handed_out_until_done_then_once()
    {
        queue.Add("a");
        var a = await Next();
        queue.Add("a");
        queue.Add("a");
        await AssertEmpty();

        queue.Done(a);
        Assert.Equal("a", await Next());
        queue.Done("a");
        await AssertEmpty();
    }

    [Fact]
    public async Task Requeue_after_waits_for_the_clock_and_the_earliest_pending_time_wins()
    {
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(3));
        queue.AddAfter("a", TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("a", await Next());
        queue.Done("a");
        time.Advance(TimeSpan.FromSeconds(30));
        await AssertEmpty();
    }

    [Fact]
    public async Task Errors_back_off_exponentially_with_jitter_until_forgotten()
    {
        // random() is 0.5 and jitter 0.5: each delay is 1.25 × base · 2^(n−1).
        Assert.Equal(TimeSpan.FromSeconds(1.25), queue.AddRateLimited("a"));
        Assert.Equal(TimeSpan.FromSeconds(2.5), queue.AddRateLimited("a"));
        Assert.Equal(TimeSpan.FromSeconds(5), queue.AddRateLimited("a"));
        Assert.Equal(3, queue.Failures("a"));

        time.Advance(TimeSpan.FromSeconds(1.25));
        Assert.Equal("a", await Next());
        queue.Done("a");

        queue.Forget("a");
        Assert.Equal(0, queue.Failures("a"));
        Assert.Equal(TimeSpan.FromSeconds(1.25), queue.AddRateLimited("a"));
    }

    [Fact]
    public async Task Shutdown_wakes_waiting_workers_and_refuses_new_keys()
    {
        var waiting = queue.GetAsync();
        queue.ShutDown();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        queue.Add("a");
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task The_depth_callback_reports_the_waiting_count()
    {
        var depths = new List<int>();
        using var q = new WorkQueue<string>(time, depthChanged: d => { lock (depths) depths.Add(d); });
        q.Add("a");
        q.Add("b");
        await q.GetAsync();
        Assert.Equal([1, 2, 1], depths);
    }
}
