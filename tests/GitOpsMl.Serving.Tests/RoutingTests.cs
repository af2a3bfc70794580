using System.Collections.Concurrent;
using System.Net;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Serving.Routing;

namespace GitOpsMl.Serving.Tests;

// Canary weights, per-request-id determinism, shadow mirroring, and routing-file hot reload under load.
public sealed class RoutingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<TestServing> StartAsync(string routingJson, params string[] versions)
    {
        var dirs = versions.Select((v, i) => ChurnBundle.Write(_temp.Sub(v), v, seed: i + 1)).ToArray();
        var routing = _temp.Sub("routing.json");
        await File.WriteAllTextAsync(routing, routingJson);
        return await TestServing.StartAsync(TestServing.Options(dirs) with { RoutingFile = routing });
    }

    [Fact]
    public async Task Canary_weight_sends_its_share_of_request_ids_to_the_canary_within_statistical_bounds()
    {
        await using var server = await StartAsync("{\"churn\":{\"stable\":\"v1\",\"canary\":\"v2\",\"canaryWeight\":30}}", "v1", "v2");
        const int n = 600;
        var canary = 0;
        for (var i = 0; i < n; i++)
        {
            var (response, json) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical]), requestId: $"user-{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (json.GetProperty("model_version").GetString() == "v2") canary++;
        }
        // Binomial(600, 0.3): mean 180, sd ≈ 11.2; ±4 sd.
        Assert.InRange(canary, 135, 225);
    }

    [Theory]
    [InlineData("\"canaryWeight\":30", 70, 30)]
    [InlineData("\"canaryWeight\":30,\"shadow\":true", 100, 0)]
    public async Task Each_version_reports_the_share_of_requests_it_answers_under_the_routing_in_force(string rule, double stable, double canary)
    {
        await using var server = await StartAsync($"{{\"churn\":{{\"stable\":\"v1\",\"canary\":\"v2\",{rule}}}}}", "v1", "v2");

        var metrics = await server.Client.GetStringAsync("/metrics");

        Assert.Equal(stable, BatchingTests.MetricValue(metrics, "gitopsml_routing_weight_percent{model=\"churn\",version=\"v1\"}"));
        Assert.Equal(canary, BatchingTests.MetricValue(metrics, "gitopsml_routing_weight_percent{model=\"churn\",version=\"v2\"}"));
    }

    [Fact]
    public async Task The_same_request_id_always_gets_the_same_version()
    {
        await using var server = await StartAsync("{\"churn\":{\"stable\":\"v1\",\"canary\":\"v2\",\"canaryWeight\":50}}", "v1", "v2");
        for (var i = 0; i < 20; i++)
        {
            var id = $"sticky-{i}";
            var expected = CanarySelector.ToCanary(id, 50, new Random(0)) ? "v2" : "v1";
            for (var repeat = 0; repeat < 3; repeat++)
            {
                var (_, json) = await server.PostAsync("/v1/models/churn:predict", ChurnRow.V1Body([ChurnRow.Typical]), requestId: id);
                Assert.Equal(expected, json.GetProperty("model_version").GetString());
            }
        }
    }

    [Fact]
    public async Task Shadow_mode_answers_from_stable_and_records_agreement_of_the_canary()
    {
        await using var server = await StartAsync("{\"churn\":{\"stable\":\"v1\",\"canary\":\"v2\",\"shadow\":true}}", "v1", "v2");
        for (var i = 0; i < 20; i++)
        {
            var (_, json) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body(ChurnRow.Random(2, seed: i)));
            Assert.Equal("v1", json.GetProperty("model_version").GetString());
        }
        await Eventually.True(() => server.Repository.Find("churn")!.Find("v2")!.Shadow.Snapshot()?.Compared == 40);
        var (_, stats) = await server.GetAsync("/v2/models/churn/versions/v2/stats");
        var shadow = stats.GetProperty("shadow");
        Assert.Equal("v1", shadow.GetProperty("against").GetString());
        Assert.Equal(40, shadow.GetProperty("compared").GetInt64());
        Assert.InRange(shadow.GetProperty("agreement").GetDouble(), 0, 1);
        Assert.Equal(40, stats.GetProperty("samples").GetInt64());
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("gitopsml_shadow_agreement_ratio{model=\"churn\",stable=\"v1\",shadow=\"v2\"}", metrics);
        var agree = BatchingTests.MetricValue(metrics, "gitopsml_shadow_rows_total{model=\"churn\",stable=\"v1\",shadow=\"v2\",outcome=\"agree\"}");
        var disagree = BatchingTests.MetricValue(metrics, "gitopsml_shadow_rows_total{model=\"churn\",stable=\"v1\",shadow=\"v2\",outcome=\"disagree\"}");
        Assert.Equal(40, agree + disagree);
    }

    [Fact]
    public async Task A_shadow_reports_its_mirrored_runs_and_their_latency_for_canary_analysis()
    {
        await using var server = await StartAsync("{\"churn\":{\"stable\":\"v1\",\"canary\":\"v2\",\"shadow\":true}}", "v1", "v2");
        for (var i = 0; i < 20; i++)
        {
            await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body(ChurnRow.Random(2, seed: i)));
        }
        await Eventually.True(() => server.Repository.Find("churn")!.Find("v2")!.Shadow.Snapshot()?.Compared == 40);

        var metrics = await server.Client.GetStringAsync("/metrics");
        // The shadow answered no client: its runs are counted apart from the requests the answering version served.
        Assert.Equal(20, BatchingTests.MetricValue(metrics, "gitopsml_shadow_requests_total{model=\"churn\",version=\"v2\",outcome=\"ok\"}"));
        Assert.Equal(20, BatchingTests.MetricValue(metrics, "gitopsml_shadow_duration_seconds_count{model=\"churn\",version=\"v2\"}"));
        Assert.DoesNotContain("gitopsml_requests_total{model=\"churn\",version=\"v2\"", metrics);
    }

    [Fact]
    public async Task A_shadow_whose_manifest_says_bool_takes_the_rows_of_a_stable_that_says_numeric_for_the_same_column()
    {
        // A retrained version writes kind bool where the serving one, trained before that kind existed, says numeric:
        // the graph takes the same float 1/0, so the shadow runs rather than being dropped as incompatible.
        var stable = SmallBundles.Housing(_temp.Sub("h1"), "v1", housingKind: BundleInput.Numeric);
        var shadow = SmallBundles.Housing(_temp.Sub("h2"), "v2");
        var routing = _temp.Sub("routing.json");
        await File.WriteAllTextAsync(routing, "{\"bank\":{\"stable\":\"v1\",\"canary\":\"v2\",\"shadow\":true}}");
        await using var server = await TestServing.StartAsync(TestServing.Options(stable, shadow) with { RoutingFile = routing });
        for (var i = 0; i < 5; i++)
        {
            var (response, _) = await server.PostAsync("/v1/models/bank:predict", "{\"instances\":[{\"housing\":1,\"x\":" + i + "}]}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await Eventually.True(() => server.Repository.Find("bank")!.Find("v2")!.Shadow.Snapshot()?.Compared == 5);

        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Equal(5, BatchingTests.MetricValue(metrics, "gitopsml_shadow_requests_total{model=\"bank\",version=\"v2\",outcome=\"ok\"}"));
        Assert.DoesNotContain("gitopsml_shadow_requests_total{model=\"bank\",version=\"v2\",outcome=\"error\"}", metrics);
    }

    [Fact]
    public async Task Routing_file_changes_apply_under_concurrent_load_without_a_failed_request()
    {
        var v3 = ChurnBundle.Write(_temp.Sub("v3"), "v3", seed: 3);
        await using var server = await StartAsync("{\"churn\":{\"stable\":\"v1\"}}", "v1", "v2");
        var routing = _temp.Sub("routing.json");
        var failures = new ConcurrentBag<string>();
        var seen = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var v1Style = (i++ % 2) == 0;
                var (response, json) = v1Style
                    ? await server.PostAsync("/v1/models/churn:predict", ChurnRow.V1Body([ChurnRow.Typical]), requestId: $"c{c}-{i}")
                    : await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body(ChurnRow.Random(3, seed: i)), requestId: $"c{c}-{i}");
                if (response.StatusCode != HttpStatusCode.OK) failures.Add($"{(int)response.StatusCode} {json}");
                else seen.AddOrUpdate(json.GetProperty("model_version").GetString()!, 1, (_, n) => n + 1);
            }
        })).ToArray();

        string[] steps =
        [
            "{\"churn\":{\"stable\":\"v1\",\"canary\":\"v2\",\"canaryWeight\":50}}",
            "{\"churn\":{\"stable\":\"v1\",\"canary\":\"v2\",\"shadow\":true}}",
            "{\"churn\":{\"stable\":\"v2\"}}",
            "{ not json",
            $"{{\"churn\":{{\"stable\":\"v2\",\"canary\":\"v3\",\"canaryWeight\":20,\"bundles\":[{System.Text.Json.JsonSerializer.Serialize(v3)}]}}}}",
            "{\"churn\":{\"stable\":\"v3\"}}",
        ];
        foreach (var step in steps)
        {
            await Task.Delay(150);
            await WriteAtomicallyAsync(routing, step);
        }
        await Eventually.True(() => server.Repository.Find("churn")!.Route?.Stable.Version == "v3");
        await Task.Delay(150);
        stop.Cancel();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.True(seen.Keys.Order().SequenceEqual(["v1", "v2", "v3"]), string.Join(",", seen.Keys));
        var (_, last) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical]));
        Assert.Equal("v3", last.GetProperty("model_version").GetString());
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Equal(1, BatchingTests.MetricValue(metrics, "gitopsml_routing_reloads_total{result=\"failed\"}"));
    }

    // As a Kubernetes ConfigMap update does: the new content appears whole, never half-written.
    private static async Task WriteAtomicallyAsync(string path, string content)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    [Fact]
    public async Task A_canary_that_is_not_loaded_is_reported_and_stable_takes_all_traffic()
    {
        await using var server = await StartAsync("{\"churn\":{\"stable\":\"v1\",\"canary\":\"v9\",\"canaryWeight\":100}}", "v1");
        var (_, json) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical]));
        Assert.Equal("v1", json.GetProperty("model_version").GetString());
        var (_, metadata) = await server.GetAsync("/v2/models/churn");
        Assert.Contains("canary version v9 is not loaded", metadata.GetProperty("routing").GetProperty("problems")[0].GetString());
    }
}
