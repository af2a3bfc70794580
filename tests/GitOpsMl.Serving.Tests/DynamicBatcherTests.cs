using System.Diagnostics;
using GitOpsMl.Serving.Batching;
using GitOpsMl.Serving.Inference;
using GitOpsMl.Serving.Options;

namespace GitOpsMl.Serving.Tests;

public class DynamicBatcherTests
{
    private sealed class Observer : IBatchObserver
    {
        public List<int> Batches { get; } = [];
        public void BeforeComplete(IReadOnlyList<BatchItem> items, float[] output, int width) { }
        public void AfterComplete(IReadOnlyList<BatchItem> items, float[] output, int width, int rows, TimeSpan runTime, TimeSpan serviceTime) { lock (Batches) Batches.Add(rows); }
        public void RunFailed(IReadOnlyList<BatchItem> items, Exception error) { }
    }

    private static float[] V(BatchOutput output) => output.Values.ToArray();

    private static RowBatch Rows(params float[] x) => new(x.Length, [x], [null]);

    private static BatchItem Item(params float[] x) => new(Rows(x), Guid.NewGuid().ToString(), Stopwatch.GetTimestamp());

    // Doubles each value; blocks while the gate is closed.
    private static float[] Double(IReadOnlyList<RowBatch> rows, int total, ManualResetEventSlim gate)
    {
        gate.Wait();
        return rows.SelectMany(r => r.Numbers[0]!).Select(v => v * 2).ToArray();
    }

    [Fact]
    public async Task Each_request_gets_its_own_rows_back_from_a_shared_run()
    {
        using var gate = new ManualResetEventSlim(false);
        var observer = new Observer();
        await using var batcher = new DynamicBatcher((r, t) => Double(r, t, gate), 1,
            new BatchingOptions { MaxBatchSize = 16, MaxDelay = TimeSpan.FromSeconds(1), Adaptive = false }, 1, new ArrivalCounter(), observer);
        var items = new[] { Item(1, 2), Item(3), Item(4, 5, 6) };
        foreach (var i in items) Assert.Equal(EnqueueStatus.Accepted, batcher.TryEnqueue(i));
        gate.Set();
        var results = await Task.WhenAll(items.Select(i => i.Result));
        Assert.Equal([2f, 4f], results[0].Values.ToArray());
        Assert.Equal([6f], results[1].Values.ToArray());
        Assert.Equal([8f, 10f, 12f], results[2].Values.ToArray());
    }

    [Fact]
    public async Task The_queue_is_bounded_and_abandoned_requests_never_run()
    {
        using var gate = new ManualResetEventSlim(false);
        var observer = new Observer();
        var batcher = new DynamicBatcher((r, t) => Double(r, t, gate), 1,
            // No target: this is about the bound and abandoning; the queue timeout is OverloadTests'.
            new BatchingOptions { MaxBatchSize = 1, MaxQueue = 2, MaxDelay = TimeSpan.Zero, Adaptive = false, TargetQueueWait = null }, 1, new ArrivalCounter(), observer);
        var running = Item(1);
        batcher.TryEnqueue(running);
        await Eventually.True(() => batcher.QueueDepth == 0);
        var queued = Item(2);
        var abandoned = Item(3);
        Assert.Equal(EnqueueStatus.Accepted, batcher.TryEnqueue(queued));
        Assert.Equal(EnqueueStatus.Accepted, batcher.TryEnqueue(abandoned));
        Assert.Equal(EnqueueStatus.QueueFull, batcher.TryEnqueue(Item(4)));
        Assert.True(abandoned.TryAbandon());
        gate.Set();
        Assert.Equal(new[] { 2f }, V(await running.Result));
        Assert.Equal(new[] { 4f }, V(await queued.Result));
        await batcher.CloseAsync();
        Assert.Equal([1, 1], observer.Batches);
        Assert.False(abandoned.Result.IsCompleted);
        Assert.Equal(EnqueueStatus.Closed, batcher.TryEnqueue(Item(5)));
    }

    [Fact]
    public async Task Closing_drains_what_is_queued()
    {
        using var gate = new ManualResetEventSlim(true);
        var batcher = new DynamicBatcher((r, t) => Double(r, t, gate), 1,
            new BatchingOptions { MaxBatchSize = 2, MaxDelay = TimeSpan.FromSeconds(5), Adaptive = false }, 2, new ArrivalCounter(), new Observer());
        var items = Enumerable.Range(0, 5).Select(i => Item(i)).ToArray();
        foreach (var i in items) batcher.TryEnqueue(i);
        await batcher.CloseAsync();
        Assert.All(items, i => Assert.True(i.Result.IsCompletedSuccessfully));
    }

    [Fact]
    public async Task A_failed_run_fails_its_requests_and_the_batcher_keeps_going()
    {
        var calls = 0;
        await using var batcher = new DynamicBatcher((r, t) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("boom") : new float[t], 1,
            new BatchingOptions { MaxBatchSize = 1, MaxDelay = TimeSpan.Zero }, 1, new ArrivalCounter(), new Observer());
        var failed = Item(1);
        batcher.TryEnqueue(failed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failed.Result);
        var ok = Item(2);
        batcher.TryEnqueue(ok);
        Assert.Equal(new[] { 0f }, V(await ok.Result));
    }

    [Fact]
    public async Task In_adaptive_mode_a_lone_request_runs_on_the_callers_thread_without_waiting()
    {
        var observer = new Observer();
        await using var batcher = new DynamicBatcher((r, t) => [Environment.CurrentManagedThreadId], 1,
            new BatchingOptions { MaxBatchSize = 8, MaxDelay = TimeSpan.FromSeconds(5), Adaptive = true }, 1, new ArrivalCounter(), observer);
        var item = Item(1);
        Assert.Equal(EnqueueStatus.Accepted, batcher.TryEnqueue(item));
        Assert.True(item.Result.IsCompletedSuccessfully);
        Assert.Equal(Environment.CurrentManagedThreadId, (int)V(await item.Result)[0]);
        Assert.Equal([1], observer.Batches);
    }
}
