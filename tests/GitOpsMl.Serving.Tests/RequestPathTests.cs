using System.Net;
using System.Text;
using GitOpsMl.Serving.Batching;
using Microsoft.Extensions.Logging;

namespace GitOpsMl.Serving.Tests;

// The request path's failure cases found by trying the server as a new user would (issue 8).
public sealed class RequestPathTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_chunked_body_over_the_limit_on_kestrel_is_the_json_413_and_nothing_is_logged_as_unhandled()
    {
        var logs = new LogCapture();
        var bundle = ChurnBundle.Write(_temp.Sub("churn"));
        await using var server = await TestServing.StartAsync(TestServing.Options(bundle) with { MaxRequestBodyBytes = 16 * 1024 }, kestrel: true, logs: logs);
        var big = Encoding.UTF8.GetBytes(ChurnRow.V2Body(ChurnRow.Random(2000, seed: 2)));
        var content = new StreamContent(new MemoryStream(big));
        content.Headers.ContentLength = null;
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/churn/infer") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await server.Client.SendAsync(request);
        var json = await TestServing.ReadJson(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("16384", json.GetProperty("error").GetString());
        Assert.DoesNotContain(logs.Events, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_refused_version_is_reported_with_its_own_refusal_not_the_latest_one()
    {
        var good = ChurnBundle.Write(_temp.Sub("v1"), "v1");
        var v2 = ChurnBundle.Write(_temp.Sub("v2"), "v2", seed: 2);
        var v3 = ChurnBundle.Write(_temp.Sub("v3"), "v3", seed: 3);
        BundleWriter.Tamper(v2, "model.onnx");
        BundleWriter.Tamper(v3, "profile.json");
        var routing = _temp.Sub("routing.json");
        // v2 is tried first, v3 last: the latest refusal (v3's) must not be reported as v2's.
        await File.WriteAllTextAsync(routing, "{\"churn\":{\"stable\":\"v2\",\"canary\":\"v3\",\"canaryWeight\":10,\"bundles\":[\"v2\",\"v3\"]}}");
        await using var server = await TestServing.StartAsync(TestServing.Options(good) with { RoutingFile = routing });

        var (_, metadata) = await server.GetAsync("/v2/models/churn");
        var problems = metadata.GetProperty("routing").GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToArray();
        var stable = Assert.Single(problems, p => p.Contains("stable version v2"));
        Assert.Contains("sha256 mismatch for model.onnx", stable);
        var canary = Assert.Single(problems, p => p.Contains("canary version v3"));
        Assert.Contains("sha256 mismatch for profile.json", canary);
    }

    [Fact]
    public async Task With_no_loadable_bundle_for_a_model_the_server_stops_at_startup_with_the_reason()
    {
        var options = TestServing.Options(_temp.Sub("mistyped-path"));
        var run = ServingHost.RunAsync(options);
        var error = await Assert.ThrowsAsync<ServingStartupException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("mistyped-path", error.Message);
        Assert.Contains("no bundle that loads", error.Message);
    }

    [Fact]
    public async Task With_wait_for_bundles_the_server_keeps_running_not_ready()
    {
        await using var server = await TestServing.StartAsync(TestServing.Options(_temp.Sub("mistyped-path")) with { WaitForBundles = true });
        await Task.Delay(200);
        var (ready, _) = await server.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var (live, _) = await server.GetAsync("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    public static TheoryData<double?, double, int, int, int, int> Bounds => new()
    {
        // target wait ms, measured seconds per request, concurrent runs, max batch, max queue → admitted
        { 2, double.NaN, 1, 32, 1024, 1056 },      // nothing measured yet: the configured queue
        { null, 0.0001, 1, 32, 1024, 1056 },       // no target: the configured queue
        { 0, 0.0001, 1, 32, 1024, 1056 },          // zero turns the target off
        { 2, 0.0001, 1, 32, 1024, 52 },            // 10 000 req/s × 2 ms = 20 queued + 32 running
        { 2, 0.0001, 2, 32, 1024, 104 },           // two runs at once: twice the throughput and the running rows
        { 1000, 0.0001, 1, 32, 1024, 1056 },       // the configured queue stays the ceiling
        { 2, 0.01, 1, 32, 1024, 33 },              // slow model: 0.2 → 1 queued
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void The_admission_bound_is_target_wait_times_measured_throughput_plus_the_running_batches(
        double? targetMs, double secondsPerRequest, int runs, int maxBatch, int maxQueue, int admitted)
    {
        var target = targetMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        Assert.Equal(admitted, AdmissionBound.Compute(target, secondsPerRequest, runs, maxBatch, maxQueue));
    }

    [Fact]
    public async Task Memory_is_given_back_once_after_large_requests_and_never_for_small_ones()
    {
        var memory = new Endpoints.LargeRequestMemory(TimeProvider.System);
        Assert.False(memory.RequestDone(1 << 20));
        Assert.True(memory.RequestDone(Endpoints.LargeRequestMemory.ThresholdBytes));
        // A second large request while the first collection is still scheduled is covered by it.
        Assert.False(memory.RequestDone(Endpoints.LargeRequestMemory.ThresholdBytes));
        await Eventually.True(() => memory.RequestDone(Endpoints.LargeRequestMemory.ThresholdBytes));
    }

    [Fact]
    public void The_service_time_estimate_follows_measured_runs()
    {
        var estimate = new ServiceTimeEstimate();
        Assert.True(double.IsNaN(estimate.SecondsPerRequest));
        estimate.Record(TimeSpan.FromMilliseconds(4), 4);
        Assert.Equal(0.001, estimate.SecondsPerRequest, 9);
        for (var i = 0; i < 200; i++) estimate.Record(TimeSpan.FromMilliseconds(2), 1);
        Assert.Equal(0.002, estimate.SecondsPerRequest, 5);
    }
}
