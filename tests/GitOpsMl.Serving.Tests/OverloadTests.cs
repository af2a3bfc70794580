using System.Diagnostics;
using System.Net;
using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Serving.Batching;
using GitOpsMl.Serving.Endpoints;
using GitOpsMl.Serving.Inference;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Options;
using GitOpsMl.Serving.Protocol;
using Microsoft.AspNetCore.Http;

namespace GitOpsMl.Serving.Tests;

// Load shedding that bounds an admitted request's wait: the queue timeout rule (CoDel / "fail fast"),
// its preformatted 429, and the per-stage timing of answered requests.
public sealed class OverloadTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    public static TheoryData<double?, double, double, double, bool> Rules => new()
    {
        // target ms, waited ms, since the queue was last empty ms, since the model last shed ms, shed?
        { 2, 3, 500, double.PositiveInfinity, true },    // standing queue (not empty for a whole interval), waited past the target
        { 2, 3, 50, 10, true },                          // the model is shedding for being full: overloaded, past the target
        { 2, 3, 50, double.PositiveInfinity, false },    // a burst: the queue emptied recently and nothing was shed
        { 2, 3, 50, 150, false },                        // the last shed is older than the interval
        { 2, 1.5, 500, 10, false },                      // overloaded but within the target
        { null, 3, 500, 10, false },                     // no target: only the request timeout bounds the wait
        { 0, 3, 500, 10, false },                        // zero turns the target off
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_queued_request_is_shed_only_when_it_waited_past_the_target_while_the_model_is_overloaded(
        double? targetMs, double waitedMs, double sinceEmptyMs, double sinceShedMs, bool shed)
    {
        var target = targetMs is { } t ? t * Ms : (TimeSpan?)null;
        var sinceShed = double.IsPositiveInfinity(sinceShedMs) ? TimeSpan.MaxValue : sinceShedMs * Ms;
        Assert.Equal(shed, QueueTimeout.Sheds(target, waitedMs * Ms, sinceEmptyMs * Ms, sinceShed));
    }

    [Theory]
    [InlineData(2.0, 1.0, true, 1.0)]      // overloaded: the batch waits no longer than the target
    [InlineData(2.0, 1.0, false, 2.0)]     // a burst: maxDelay
    [InlineData(2.0, null, true, 2.0)]   // no target: maxDelay
    [InlineData(2.0, 5.0, true, 2.0)]      // a target above maxDelay changes nothing
    public void While_overloaded_a_batch_waits_for_batch_mates_no_longer_than_the_target(double maxDelayMs, double? targetMs, bool overloaded, double expectedMs)
    {
        var target = targetMs is { } t ? t * Ms : (TimeSpan?)null;
        Assert.Equal(expectedMs * Ms, QueueTimeout.BatchDelay(maxDelayMs * Ms, target, overloaded));
    }

    [Fact]
    public async Task A_request_queued_behind_a_standing_queue_past_its_target_is_shed_without_a_run()
    {
        using var gate = new ManualResetEventSlim(false);
        var runs = 0;
        await using var batcher = new DynamicBatcher((rows, total) => { Interlocked.Increment(ref runs); gate.Wait(); return new float[total]; }, 1,
            new BatchingOptions { MaxBatchSize = 1, MaxDelay = TimeSpan.Zero, Adaptive = false, TargetQueueWait = TimeSpan.FromMilliseconds(1) }, 1,
            new ArrivalCounter(), new NoObserver());
        var running = Item();
        batcher.TryEnqueue(running);
        await Eventually.True(() => Volatile.Read(ref runs) == 1);
        var late = Item();
        batcher.TryEnqueue(late);
        // Queued, never empty, for longer than the interval: a standing queue.
        await Task.Delay(QueueTimeout.Interval + TimeSpan.FromMilliseconds(50));
        gate.Set();
        await running.Result;
        var output = await late.Result;
        Assert.True(late.WasShed);
        Assert.Equal(0, output.Rows);
        Assert.Equal(1, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task Outside_overload_a_request_that_waited_past_its_target_still_runs()
    {
        // Past the 1 ms target, but well within the interval since the queue was empty and nothing shed for being
        // full: a burst. An attempt the machine stalled for longer than the interval proves nothing and is repeated.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var gate = new ManualResetEventSlim(false);
            await using var batcher = new DynamicBatcher((rows, total) => { gate.Wait(); return new float[total]; }, 1,
                new BatchingOptions { MaxBatchSize = 1, MaxDelay = TimeSpan.Zero, Adaptive = false, TargetQueueWait = TimeSpan.FromMilliseconds(1) }, 1,
                new ArrivalCounter(), new NoObserver());
            var running = Item();
            batcher.TryEnqueue(running);
            await Eventually.True(() => batcher.QueueDepth == 0);
            var waiting = Item();
            batcher.TryEnqueue(waiting);
            await Task.Delay(20);
            gate.Set();
            await waiting.Result;
            if (Stopwatch.GetElapsedTime(waiting.EnqueuedAt, waiting.TakenAt is 0 ? Stopwatch.GetTimestamp() : waiting.TakenAt) > QueueTimeout.Interval / 2)
            {
                continue;
            }
            Assert.False(waiting.WasShed);
            Assert.True(waiting.RunEndedAt >= waiting.RunStartedAt && waiting.RunStartedAt >= waiting.TakenAt && waiting.TakenAt > waiting.EnqueuedAt);
            return;
        }
        Assert.Fail("the machine never took a queued request within half an interval");
    }

    [Fact]
    public async Task Over_http_a_request_queued_past_its_target_while_overloaded_gets_429_with_retry_after_the_json_error_and_is_counted()
    {
        // A slow model: the first request runs long enough for a second to stand in the queue for a whole interval.
        // How long a run takes depends on the machine, so a first run that ended too early is retried with more rows.
        foreach (var rows in new[] { 2048, 8192, 32768 })
        {
            await using var server = await TestServing.StartAsync(TestServing.Options(SmallBundles.Slow(_temp.Sub("slow-" + rows), layers: 1000)) with
            {
                Batching = new BatchingOptions { MaxBatchSize = 1, MaxQueue = 8, MaxDelay = TimeSpan.Zero, TargetQueueWait = TimeSpan.FromMilliseconds(1) },
                RequestTimeout = TimeSpan.FromMinutes(5),
            });
            var model = server.Repository.Find("slow")!;
            var batcher = model.Find("s1")!.Batcher;
            // Task.Run: TestServer may run a request synchronously inside SendAsync, and a lone request runs inline.
            var first = Task.Run(() => server.PostJsonAsync("/v2/models/slow/infer", Rows(rows)));
            await Eventually.True(() => first.IsCompleted || (model.InFlight.Pending == 1 && model.Arrivals.Pending == 0 && batcher.QueueDepth == 0), timeoutMs: 60_000);
            var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/slow/infer") { Content = new StringContent(Rows(1)) };
            request.Headers.Add("x-request-id", "late-1");
            var second = Task.Run(() => server.Client.SendAsync(request));
            await Eventually.True(() => batcher.QueueDepth == 1 || first.IsCompleted, timeoutMs: 60_000);
            var queued = Stopwatch.StartNew();
            await Task.Delay(QueueTimeout.Interval + TimeSpan.FromMilliseconds(50));
            var stoodLongEnough = !first.IsCompleted && batcher.QueueDepth == 1;
            Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
            var response = await second;
            if (!stoodLongEnough)
            {
                continue;
            }
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal("1", response.Headers.RetryAfter?.ToString());
            Assert.Equal("late-1", TestServing.Header(response, "x-request-id"));
            var json = await TestServing.ReadJson(response);
            Assert.Contains("queued longer than its target wait of 1 ms", json.GetProperty("error").GetString());
            Assert.Equal("late-1", json.GetProperty("id").GetString());
            Assert.Equal("s1", json.GetProperty("model_version").GetString());
            var metrics = await server.Client.GetStringAsync("/metrics");
            Assert.Equal(1, BatchingTests.MetricValue(metrics, "gitopsml_shed_total{model=\"slow\",reason=\"queue_timeout\"}"));
            Assert.Equal(1, BatchingTests.MetricValue(metrics, "gitopsml_requests_total{model=\"slow\",version=\"s1\",endpoint=\"infer\",code=\"429\"}"));
            // It never ran: one run, the first request's.
            Assert.Equal(1, BatchingTests.MetricValue(metrics, "gitopsml_batch_size_rows_count{model=\"slow\",version=\"s1\"}"));
            return;
        }
        Assert.Fail("the first request never ran long enough for a second to stand in the queue for an interval");
    }

    [Theory]
    [InlineData("plain-id-42", null)]
    [InlineData("quote\"and\\backslash", "v7")]
    [InlineData("tab\there é", "v7")]
    public async Task The_preformatted_429_is_the_same_json_error_the_serializer_writes(string id, string? version)
    {
        var shed = new ShedResponses(new ServingMetrics(32));
        var response = shed.For("churn", version, ShedResponses.QueueFull, (m, v) => $"model '{m}' version {v} has 8 requests queued; retry later");
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await response.WriteAsync(context, id, version);
        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal(body.Length, context.Response.ContentLength);
        var expected = JsonSerializer.Serialize(new ErrorResponse(response.Error.Error, null, null, id, version), ApiJson.Options);
        using var written = JsonDocument.Parse(body.ToArray());
        using var serialized = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(serialized.RootElement, written.RootElement), System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public async Task Answered_requests_are_timed_by_stage_and_the_stages_add_up_to_the_request()
    {
        var bundle = ChurnBundle.Write(_temp.Sub("churn"));
        await using var server = await TestServing.StartAsync(TestServing.Options(bundle));
        for (var i = 0; i < 5; i++)
        {
            var (response, _) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var metrics = await server.Client.GetStringAsync("/metrics");
        var stages = RequestStages.Names.Sum(stage => BatchingTests.MetricValue(metrics, $"gitopsml_request_stage_seconds_sum{{model=\"churn\",stage=\"{stage}\"}}"));
        var total = BatchingTests.MetricValue(metrics, "gitopsml_request_duration_seconds_sum{model=\"churn\",version=\"v1\",code=\"200\"}");
        Assert.All(RequestStages.Names, stage => Assert.Equal(5, BatchingTests.MetricValue(metrics, $"gitopsml_request_stage_seconds_count{{model=\"churn\",stage=\"{stage}\"}}")));
        Assert.True(stages > 0 && stages <= total, $"stages {stages} s, request {total} s");
    }

    private static BatchItem Item() => new(new RowBatch(1, [[1f]], [null]), Guid.NewGuid().ToString(), Stopwatch.GetTimestamp());

    private static string Rows(int n) =>
        $"{{\"inputs\":[{{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[{n},1],\"data\":[{string.Join(",", Enumerable.Repeat("0.5", n))}]}}]}}";

    private sealed class NoObserver : IBatchObserver
    {
        public void BeforeComplete(IReadOnlyList<BatchItem> items, float[] output, int width) { }
        public void AfterComplete(IReadOnlyList<BatchItem> items, float[] output, int width, int rows, TimeSpan runTime, TimeSpan serviceTime) { }
        public void RunFailed(IReadOnlyList<BatchItem> items, Exception error) { }
    }
}
