using System.Diagnostics;
using System.Net;
using GitOpsMl.Serving.Options;

namespace GitOpsMl.Serving.Tests;

// Overload, timeouts, cancellation and graceful drain, against a deliberately slow model.
public sealed class LifecycleTests : IDisposable
{
    private const string SlowBody = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,1],\"data\":[0.5]}]}";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ServingOptions SlowOptions(int layers = 1000) =>
        TestServing.Options(SmallBundles.Slow(_temp.Sub("slow-" + layers), layers: layers)) with
        {
            Batching = new BatchingOptions { MaxBatchSize = 1, MaxQueue = 1, MaxDelay = TimeSpan.Zero },
        };

    [Fact]
    public async Task A_full_queue_answers_429_with_retry_after_and_the_server_stays_up()
    {
        await using var server = await TestServing.StartAsync(SlowOptions());
        // Task.Run: TestServer may run a request synchronously inside SendAsync, which would serialize the
        // burst. A loaded CI machine may still fail to overlap one burst, so a few bursts are allowed.
        HttpResponseMessage[] responses = [];
        for (var burst = 0; burst < 5 && responses.All(r => r.StatusCode != HttpStatusCode.TooManyRequests); burst++)
            responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => server.PostJsonAsync("/v2/models/slow/infer", Rows(64)))));
        var codes = responses.Select(r => r.StatusCode).ToArray();
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        Assert.Contains(HttpStatusCode.OK, codes);
        Assert.All(codes, c => Assert.True(c is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, c.ToString()));
        var shed = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal("1", shed.Headers.RetryAfter?.ToString());
        var json = await TestServing.ReadJson(shed);
        Assert.Contains("queued", json.GetProperty("error").GetString());
        var (after, _) = await server.PostAsync("/v2/models/slow/infer", SlowBody);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_request_that_outlives_the_timeout_gets_503()
    {
        await using var server = await TestServing.StartAsync(SlowOptions() with { RequestTimeout = TimeSpan.FromMilliseconds(1) });
        var (response, json) = await server.PostAsync("/v2/models/slow/infer", Rows(64));
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, json.ToString());
        Assert.Contains("request timeout", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_cancelled_request_is_dropped_from_the_queue_without_a_model_run()
    {
        // The scenario needs a request to wait in the queue while another runs. Whether the first run
        // lasts long enough depends on the machine's load, so an attempt that could not queue the
        // second request is repeated on a fresh server with a longer first run.
        foreach (var rows in new[] { 512, 2048, 8192 })
        {
            // The long first run must not hit the default 5 s request timeout on a loaded machine.
            await using var server = await TestServing.StartAsync(SlowOptions() with
            {
                Batching = new BatchingOptions { MaxBatchSize = 1, MaxQueue = 8, MaxDelay = TimeSpan.Zero },
                RequestTimeout = TimeSpan.FromMinutes(5),
            });
            var model = server.Repository.Find("slow")!;
            var batcher = model.Find("s1")!.Batcher;
            // Task.Run: TestServer may run a request synchronously inside SendAsync, and a lone request runs inline.
            var first = Task.Run(() => server.PostJsonAsync("/v2/models/slow/infer", Rows(rows)));
            await Eventually.True(() => first.IsCompleted || (model.InFlight.Pending == 1 && model.Arrivals.Pending == 0 && batcher.QueueDepth == 0), timeoutMs: 60_000);
            using var cancel = new CancellationTokenSource();
            var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/slow/infer") { Content = new StringContent(SlowBody) };
            var second = Task.Run(() => server.Client.SendAsync(request, cancel.Token));
            await Eventually.True(() => batcher.QueueDepth == 1 || first.IsCompleted, timeoutMs: 60_000);
            if (batcher.QueueDepth != 1)
            {
                await first;
                try { await second; } catch (OperationCanceledException) { }
                continue;
            }
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
            Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
            await Eventually.True(() => batcher.QueueDepth == 0 && model.InFlight.Pending == 0, timeoutMs: 60_000);
            var metrics = await server.Client.GetStringAsync("/metrics");
            Assert.Equal(1, BatchingTests.MetricValue(metrics, "gitopsml_batch_size_rows_count{model=\"slow\",version=\"s1\"}"));
            Assert.Equal(1, BatchingTests.MetricValue(metrics, "gitopsml_requests_total{model=\"slow\",version=\"s1\",endpoint=\"infer\",code=\"499\"}"));
            return;
        }
        Assert.Fail("the first request never ran long enough to queue a second one");
    }

    private static string Rows(int n) =>
        $"{{\"inputs\":[{{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[{n},1],\"data\":[{string.Join(",", Enumerable.Repeat("0.5", n))}]}}]}}";

    [Fact]
    public async Task Shutdown_stops_readiness_drains_in_flight_requests_then_refuses_connections()
    {
        var bundle = ChurnBundle.Write(_temp.Sub("churn"));
        var options = TestServing.Options(bundle) with
        {
            // Each request waits 600 ms for batch-mates: long enough to be in flight while shutdown starts.
            Batching = new BatchingOptions { MaxBatchSize = 64, Adaptive = false, MaxDelay = TimeSpan.FromMilliseconds(600) },
            DrainTimeout = TimeSpan.FromSeconds(10),
        };
        var server = await TestServing.StartAsync(options, kestrel: true);
        var client = server.Client;
        var inFlight = Enumerable.Range(0, 4).Select(_ => server.PostJsonAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical]))).ToArray();
        await Eventually.True(() => server.Repository.Find("churn")!.InFlight.Pending == 4);

        var clock = Stopwatch.StartNew();
        var stopping = server.App.StopAsync();
        await Eventually.True(() => server.Repository.IsDraining);
        Assert.False(server.Repository.IsReady);
        var responses = await Task.WhenAll(inFlight);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await stopping;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"drain took {clock.Elapsed}");

        using var fresh = new HttpClient { BaseAddress = client.BaseAddress };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => fresh.GetAsync("/v2/health/live"));
        await server.App.DisposeAsync();
    }
}
