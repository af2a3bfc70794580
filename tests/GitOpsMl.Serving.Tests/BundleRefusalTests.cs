using System.Net;

namespace GitOpsMl.Serving.Tests;

// A bundle whose bytes differ from manifest.json is refused; the reason is reported and whatever
// version already served keeps serving.
public sealed class BundleRefusalTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_tampered_second_version_is_refused_at_startup_and_the_first_keeps_serving()
    {
        var good = ChurnBundle.Write(_temp.Sub("v1"), "v1");
        var bad = ChurnBundle.Write(_temp.Sub("v2"), "v2", seed: 2);
        BundleWriter.Tamper(bad);
        await using var server = await TestServing.StartAsync(TestServing.Options(good, bad));

        var (ready, _) = await server.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var (infer, json) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical]));
        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
        Assert.Equal("v1", json.GetProperty("model_version").GetString());

        var (_, metadata) = await server.GetAsync("/v2/models/churn");
        Assert.Equal(["v1"], metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        var failure = metadata.GetProperty("loadFailures")[0];
        Assert.Contains("sha256 mismatch for model.onnx", failure.GetProperty("reason").GetString());
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Equal(1, BatchingTests.MetricValue(metrics, "gitopsml_model_load_failures_total{model=\"churn\"}"));
    }

    [Fact]
    public async Task With_only_a_tampered_bundle_the_server_is_not_ready_and_says_why()
    {
        var bad = ChurnBundle.Write(_temp.Sub("v1"), "v1");
        BundleWriter.Tamper(bad, "profile.json");
        await using var server = await TestServing.StartAsync(TestServing.Options(bad) with { Bundles = [new("churn", bad)], WaitForBundles = true });

        var (ready, json) = await server.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("sha256 mismatch for profile.json", json.GetProperty("reasons")[0].GetString());
        var (modelReady, _) = await server.GetAsync("/v2/models/churn/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, modelReady.StatusCode);
        var (infer, error) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical]));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, infer.StatusCode);
        Assert.Contains("no loaded version", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_tampered_bundle_rolled_out_through_the_routing_file_is_refused_and_stable_keeps_serving()
    {
        var good = ChurnBundle.Write(_temp.Sub("v1"), "v1");
        var bad = ChurnBundle.Write(_temp.Sub("v2"), "v2", seed: 2);
        BundleWriter.Tamper(bad);
        var routing = _temp.Sub("routing.json");
        await File.WriteAllTextAsync(routing, "{\"churn\":{\"stable\":\"v1\"}}");
        await using var server = await TestServing.StartAsync(TestServing.Options(good) with { RoutingFile = routing });

        await File.WriteAllTextAsync(routing, "{\"churn\":{\"stable\":\"v2\",\"bundles\":[\"v2\"]}}");
        await Eventually.True(() => server.Repository.Find("churn")!.Failures.Count > 0);

        var (infer, json) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical]));
        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
        Assert.Equal("v1", json.GetProperty("model_version").GetString());
        var (_, metadata) = await server.GetAsync("/v2/models/churn");
        var problems = metadata.GetProperty("routing").GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToArray();
        Assert.Contains(problems, p => p!.Contains("stable version v2 is not loaded") && p.Contains("sha256 mismatch") && p.Contains("v1 keeps serving"));
        var (ready, _) = await server.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
