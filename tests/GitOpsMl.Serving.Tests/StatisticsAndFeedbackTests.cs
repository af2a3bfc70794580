using System.Net;
using System.Text.Json;

namespace GitOpsMl.Serving.Tests;

// Served rows are counted on profile.json's bins and categories; label feedback turns into live quality.
public sealed class StatisticsAndFeedbackTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private TestServing _server = null!;

    public async Task InitializeAsync()
    {
        ChurnBundle.Write(_temp.Sub("churn"));
        SmallBundles.Regression(_temp.Sub("demand"));
        _server = await TestServing.StartAsync(TestServing.Options(_temp.Sub("churn"), _temp.Sub("demand")));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Stats_count_features_on_reference_bins_with_missing_and_unseen_values()
    {
        ChurnRow[] rows =
        [
            new(3f, 10f, 0f, "basic", "west", "annual"),
            new(6f, 30f, 1f, "basic", "east", "monthly"),
            new(12f, 59.9f, 2.5f, null, "north", "monthly"),
            new(float.NaN, 60f, 3f, "gold", "", "monthly"),
            new(100f, 500f, float.NaN, "premium", "west", "weekly"),
        ];
        var (response, _) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body(rows));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (v1Response, _) = await _server.PostAsync("/v1/models/churn:predict", ChurnRow.V1Body(rows.Take(2).ToArray()));
        Assert.Equal(HttpStatusCode.OK, v1Response.StatusCode);

        JsonElement version = default;
        await Eventually.True(async () =>
        {
            var (_, stats) = await _server.GetAsync("/v2/models/churn/stats");
            version = stats.GetProperty("versions")[0];
            return version.GetProperty("samples").GetInt64() == 7;
        });
        var features = version.GetProperty("features");

        var tenure = features.GetProperty("tenure_months");
        Assert.Equal("numeric", tenure.GetProperty("kind").GetString());
        Assert.Equal(ChurnBundle.TenureEdges, tenure.GetProperty("binEdges").EnumerateArray().Select(e => e.GetDouble()));
        // (-inf,6) [6,12) [12,24) [24,48) [48,inf): 3,3 | 6,6 | 12 | - | 100 ; NaN missing
        Assert.Equal([2L, 2L, 1L, 0L, 1L], Longs(tenure.GetProperty("binCounts")));
        Assert.Equal(1, tenure.GetProperty("missing").GetInt64());
        Assert.Equal(7, tenure.GetProperty("count").GetInt64());
        Assert.Equal([150L, 150L, 200L, 250L, 250L], Longs(tenure.GetProperty("referenceBinCounts")));

        var plan = features.GetProperty("plan");
        Assert.Equal("categorical", plan.GetProperty("kind").GetString());
        Assert.Equal(4, plan.GetProperty("categories").GetProperty("basic").GetInt64());
        Assert.Equal(1, plan.GetProperty("categories").GetProperty("premium").GetInt64());
        Assert.Equal(0, plan.GetProperty("categories").GetProperty("plus").GetInt64());
        Assert.Equal(1, plan.GetProperty("unseen").GetInt64());
        Assert.Equal(1, plan.GetProperty("missing").GetInt64());
        Assert.Equal(500, plan.GetProperty("referenceFrequencies").GetProperty("basic").GetInt64());

        Assert.Equal(1, features.GetProperty("region").GetProperty("missing").GetInt64());
        Assert.Equal(1, features.GetProperty("contract").GetProperty("unseen").GetInt64());
        Assert.Equal(1, features.GetProperty("support_calls").GetProperty("missing").GetInt64());

        var predictions = version.GetProperty("predictions");
        Assert.Equal(7, predictions.GetProperty("count").GetInt64());
        Assert.Equal(7, predictions.GetProperty("classes").EnumerateObject().Sum(c => c.Value.GetInt64()));
        Assert.Equal(7, Longs(predictions.GetProperty("score").GetProperty("binCounts")).Sum());
        Assert.Equal(ChurnBundle.ScoreEdges, predictions.GetProperty("score").GetProperty("binEdges").EnumerateArray().Select(e => e.GetDouble()));
        Assert.True(version.GetProperty("windowStart").GetDateTimeOffset() < version.GetProperty("windowEnd").GetDateTimeOffset());
    }

    [Fact]
    public async Task Inputs_outside_what_training_saw_are_counted_per_feature_in_stats_and_metrics()
    {
        ChurnRow[] rows =
        [
            new(9000f, 55f, 2f, "plus", "west", "monthly"),    // tenure above the training max of 72
            new(-1f, 55f, 20f, "platinum", "west", "monthly"), // tenure below 0, calls above 8, plan unseen
            new(12f, 55f, 2f, "plus", "west", "monthly"),      // as in training
        ];
        var (response, _) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body(rows));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.True(async () => (await _server.GetAsync("/v2/models/churn/versions/v1/stats")).Json.GetProperty("samples").GetInt64() == 3);

        var (_, stats) = await _server.GetAsync("/v2/models/churn/versions/v1/stats");
        var features = stats.GetProperty("features");
        Assert.Equal(2, features.GetProperty("tenure_months").GetProperty("outOfRange").GetInt64());
        Assert.Equal(72, features.GetProperty("tenure_months").GetProperty("referenceMax").GetDouble());
        Assert.Equal(1, features.GetProperty("support_calls").GetProperty("outOfRange").GetInt64());
        Assert.Equal(0, features.GetProperty("monthly_charges").GetProperty("outOfRange").GetInt64());
        Assert.Equal(1, features.GetProperty("plan").GetProperty("unseen").GetInt64());

        var metrics = await _server.Client.GetStringAsync("/metrics");
        Assert.Equal(2, BatchingTests.MetricValue(metrics, "gitopsml_feature_out_of_range_total{model=\"churn\",version=\"v1\",feature=\"tenure_months\"}"));
        Assert.Equal(1, BatchingTests.MetricValue(metrics, "gitopsml_feature_out_of_range_total{model=\"churn\",version=\"v1\",feature=\"support_calls\"}"));
        Assert.Equal(1, BatchingTests.MetricValue(metrics, "gitopsml_feature_unseen_total{model=\"churn\",version=\"v1\",feature=\"plan\"}"));
        // Series exist for every feature of the bundle (at 0), and only for those: labels never come from a request.
        Assert.Contains("gitopsml_feature_unseen_total{model=\"churn\",version=\"v1\",feature=\"region\"} 0", metrics);
        Assert.DoesNotContain("platinum", metrics);
    }

    [Fact]
    public async Task Feedback_joins_labels_to_request_ids_and_reports_live_quality()
    {
        var labels = new Dictionary<string, string>();
        for (var i = 0; i < 4; i++)
        {
            var id = $"fb-{i}";
            var (_, json) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body(ChurnRow.Random(1, seed: 100 + i)), requestId: id);
            labels[id] = ProtocolConformanceTests.Labels(json)[0];
        }
        string Opposite(string label) => label == "true" ? "false" : "true";
        var body = JsonSerializer.Serialize(new
        {
            feedback = new object[]
            {
                new { id = "fb-0", label = labels["fb-0"] },
                new { id = "fb-1", label = Opposite(labels["fb-1"]) },
                new { id = "fb-2", label = labels["fb-2"] == "true" },
                new { id = "never-seen", label = "true" },
            },
        });
        var (response, result) = await _server.PostAsync("/v2/models/churn/feedback", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, result.GetProperty("accepted").GetInt32());
        Assert.Equal(["never-seen"], result.GetProperty("unknownIds").EnumerateArray().Select(e => e.GetString()));
        var quality = result.GetProperty("quality").GetProperty("v1");
        Assert.Equal(3, quality.GetProperty("labeled").GetInt64());
        Assert.Equal(2.0 / 3, quality.GetProperty("accuracy").GetDouble(), 9);
        Assert.True(quality.GetProperty("logLoss").GetDouble() > 0);

        var (_, stats) = await _server.GetAsync("/v2/models/churn/versions/v1/stats");
        Assert.Equal(2.0 / 3, stats.GetProperty("quality").GetProperty("accuracy").GetDouble(), 9);
        var metrics = await _server.Client.GetStringAsync("/metrics");
        Assert.Equal(2.0 / 3, BatchingTests.MetricValue(metrics, "gitopsml_live_accuracy_ratio{model=\"churn\",version=\"v1\"}"), 6);

        var (again, repeat) = await _server.PostAsync("/v2/models/churn/feedback", "{\"feedback\":[{\"id\":\"fb-0\",\"label\":\"true\"}]}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(0, repeat.GetProperty("accepted").GetInt32());
        Assert.Equal(["fb-0"], repeat.GetProperty("alreadyLabeled").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Regression_feedback_gives_rmse_and_multi_row_requests_take_one_label_per_row()
    {
        var body = "{\"inputs\":[{\"name\":\"price\",\"datatype\":\"FP32\",\"shape\":[2,1],\"data\":[10,10]},{\"name\":\"store\",\"datatype\":\"BYTES\",\"shape\":[2,1],\"data\":[\"a\",\"a\"]}]}";
        await _server.PostAsync("/v2/models/demand/infer", body, requestId: "d-1");
        var (response, result) = await _server.PostAsync("/v2/models/demand/feedback", "{\"feedback\":[{\"id\":\"d-1\",\"labels\":[103,99]}]}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quality = result.GetProperty("quality").GetProperty("r1");
        Assert.Equal(2, quality.GetProperty("rmse").GetDouble(), 5);
        Assert.Equal(2, quality.GetProperty("mae").GetDouble(), 5);
    }

    [Theory]
    [InlineData("{\"feedback\":[{\"id\":\"fb-x\",\"label\":\"maybe\"}]}", "one of the classes")]
    [InlineData("{\"feedback\":[{\"label\":\"true\"}]}", "no id")]
    [InlineData("{\"feedback\":[{\"id\":\"fb-x\"}]}", "exactly one of")]
    [InlineData("{\"feedback\":[{\"id\":\"fb-x\",\"labels\":[\"true\",\"false\"]}]}", "2 labels")]
    [InlineData("{}", "feedback")]
    [InlineData("{\"feedback\":7}", "not valid feedback JSON")]
    [InlineData("nope", "not valid feedback JSON")]
    public async Task Bad_feedback_is_a_400_and_changes_nothing(string body, string mention)
    {
        await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical]), requestId: "fb-x");
        var (response, json) = await _server.PostAsync("/v2/models/churn/feedback", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mention, json.GetProperty("error").GetString() + " " + (json.TryGetProperty("expected", out var e) ? e.GetString() : ""));
        var (_, stats) = await _server.GetAsync("/v2/models/churn/versions/v1/stats");
        Assert.Equal(0, stats.GetProperty("quality").GetProperty("labeled").GetInt64());
    }

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();
}
