using System.Net;
using GitOpsMl.Serving.Options;

namespace GitOpsMl.Serving.Tests;

// Concurrent requests merge into one run, and a row's answer never depends on the batch it landed in.
public sealed class BatchingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Batched_answers_equal_unbatched_answers_bit_for_bit()
    {
        var bundle = ChurnBundle.Write(_temp.Sub("churn"));
        var rows = ChurnRow.Random(24, seed: 3);

        var unbatchedOptions = TestServing.Options(bundle) with { Batching = new BatchingOptions { MaxBatchSize = 1, Adaptive = false, MaxDelay = TimeSpan.Zero } };
        string[] unbatched;
        await using (var server = await TestServing.StartAsync(unbatchedOptions))
        {
            unbatched = new string[rows.Count];
            for (var i = 0; i < rows.Count; i++) unbatched[i] = await Probabilities(server, rows[i]);
        }

        var batchedOptions = TestServing.Options(bundle) with
        {
            Batching = new BatchingOptions { MaxBatchSize = 8, Adaptive = false, MaxDelay = TimeSpan.FromMilliseconds(200) },
        };
        await using (var server = await TestServing.StartAsync(batchedOptions))
        {
            var batched = await Task.WhenAll(rows.Select(r => Probabilities(server, r)));
            Assert.Equal(unbatched, batched);
            var metrics = await server.Client.GetStringAsync("/metrics");
            // 24 single-row requests in batches of up to 8: far fewer runs than requests.
            var runs = MetricValue(metrics, "gitopsml_batch_size_rows_count{model=\"churn\",version=\"v1\"}");
            Assert.InRange(runs, 3, 12);
        }
    }

    [Fact]
    public async Task A_multi_row_request_equals_its_rows_sent_one_by_one()
    {
        var bundle = ChurnBundle.Write(_temp.Sub("churn"));
        await using var server = await TestServing.StartAsync(TestServing.Options(bundle));
        var rows = ChurnRow.Random(10, seed: 8);
        var (_, json) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body(rows));
        var all = ProtocolConformanceTests.Data(json, "probabilities");
        for (var i = 0; i < rows.Count; i++)
        {
            var (_, single) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([rows[i]]));
            Assert.Equal(all.AsSpan(2 * i, 2).ToArray(), ProtocolConformanceTests.Data(single, "probabilities"));
        }
    }

    [Fact]
    public async Task Concurrent_requests_within_max_delay_share_one_run()
    {
        var bundle = ChurnBundle.Write(_temp.Sub("churn"));
        var options = TestServing.Options(bundle) with
        {
            Batching = new BatchingOptions { MaxBatchSize = 8, Adaptive = false, MaxDelay = TimeSpan.FromSeconds(2) },
        };
        await using var server = await TestServing.StartAsync(options);
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            server.PostJsonAsync("/v2/models/churn/infer", ChurnRow.V2Body(ChurnRow.Random(1, seed: i)))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Equal(1, MetricValue(metrics, "gitopsml_batch_size_rows_count{model=\"churn\",version=\"v1\"}"));
        Assert.Equal(8, MetricValue(metrics, "gitopsml_batch_size_rows_sum{model=\"churn\",version=\"v1\"}"));
    }

    private static async Task<string> Probabilities(TestServing server, ChurnRow row)
    {
        var (response, json) = await server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([row]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return string.Join(",", ProtocolConformanceTests.Data(json, "probabilities").Select(f => BitConverter.SingleToInt32Bits(f).ToString("x8")));
    }

    public static double MetricValue(string metrics, string series)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
