using System.Net;
using System.Text.Json;

namespace GitOpsMl.Serving.Tests;

// Open Inference Protocol v2 REST and the /v1 predict convenience endpoint, end to end on the real host.
public sealed class ProtocolConformanceTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private TestServing _server = null!;

    public async Task InitializeAsync()
    {
        ChurnBundle.Write(_temp.Sub("churn-v1"), "v1", seed: 1);
        ChurnBundle.Write(_temp.Sub("churn-v2"), "v2", seed: 2);
        SmallBundles.Regression(_temp.Sub("demand"));
        SmallBundles.Multiclass(_temp.Sub("iris"));
        _server = await TestServing.StartAsync(TestServing.Options(_temp.Sub("churn-v1"), _temp.Sub("churn-v2"), _temp.Sub("demand"), _temp.Sub("iris")));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Health_live_and_ready_answer_200()
    {
        var (live, liveJson) = await _server.GetAsync("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True(liveJson.GetProperty("live").GetBoolean());
        var (ready, readyJson) = await _server.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(readyJson.GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task Server_metadata_names_the_server_and_extensions()
    {
        var (response, json) = await _server.GetAsync("/v2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gitopsml", json.GetProperty("name").GetString());
        var extensions = json.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("gitopsml_drift", extensions);
        // "statistics" is Triton's extension at the same path with another body ({"model_stats": [...]}).
        Assert.DoesNotContain("statistics", extensions);
    }

    [Fact]
    public async Task Model_metadata_lists_inputs_outputs_and_versions()
    {
        var (response, json) = await _server.GetAsync("/v2/models/churn");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("churn", json.GetProperty("name").GetString());
        Assert.Equal(["v1", "v2"], json.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("v2", TestServing.Header(response, "x-model-version"));
        var inputs = json.GetProperty("inputs").EnumerateArray().ToArray();
        Assert.Equal(ChurnBundle.Inputs.Select(i => i.Name), inputs.Select(i => i.GetProperty("name").GetString()));
        Assert.Equal("FP32", inputs[0].GetProperty("datatype").GetString());
        Assert.Equal("BYTES", inputs[3].GetProperty("datatype").GetString());
        Assert.Equal([-1L, 1L], inputs[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var outputs = json.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal("probabilities", outputs[0].GetProperty("name").GetString());
        Assert.Equal([-1L, 2L], outputs[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal("label", outputs[1].GetProperty("name").GetString());
        Assert.Equal("onnxruntime_onnx", json.GetProperty("platform").GetString());
    }

    [Fact]
    public async Task Version_metadata_and_readiness_per_version()
    {
        var (response, json) = await _server.GetAsync("/v2/models/churn/versions/v1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["v1"], json.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("v1", TestServing.Header(response, "x-model-version"));
        var (ready, readyJson) = await _server.GetAsync("/v2/models/churn/versions/v1/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(readyJson.GetProperty("ready").GetBoolean());
        var (modelReady, _) = await _server.GetAsync("/v2/models/churn/ready");
        Assert.Equal(HttpStatusCode.OK, modelReady.StatusCode);
    }

    [Fact]
    public async Task Infer_returns_probabilities_and_labels_with_version_and_request_id()
    {
        var rows = ChurnRow.Random(3, seed: 5);
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body(rows), requestId: "req-42");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("churn", json.GetProperty("model_name").GetString());
        Assert.Equal("v2", json.GetProperty("model_version").GetString());
        Assert.Equal("v2", TestServing.Header(response, "x-model-version"));
        Assert.Equal("req-42", json.GetProperty("id").GetString());
        Assert.Equal("req-42", TestServing.Header(response, "x-request-id"));
        var outputs = json.GetProperty("outputs").EnumerateArray().ToArray();
        var probabilities = outputs.Single(o => o.GetProperty("name").GetString() == "probabilities");
        Assert.Equal("FP32", probabilities.GetProperty("datatype").GetString());
        Assert.Equal([3L, 2L], probabilities.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var data = probabilities.GetProperty("data").EnumerateArray().Select(d => d.GetSingle()).ToArray();
        Assert.Equal(6, data.Length);
        for (var r = 0; r < 3; r++) Assert.Equal(1f, data[2 * r] + data[2 * r + 1], 5);
        var labels = outputs.Single(o => o.GetProperty("name").GetString() == "label");
        Assert.Equal("BYTES", labels.GetProperty("datatype").GetString());
        Assert.All(labels.GetProperty("data").EnumerateArray(), l => Assert.Contains(l.GetString(), ChurnBundle.Classes));
    }

    [Fact]
    public async Task Infer_on_a_version_uses_that_version()
    {
        var body = ChurnRow.V2Body([ChurnRow.Typical]);
        var (v1, j1) = await _server.PostAsync("/v2/models/churn/versions/v1/infer", body);
        var (v2, j2) = await _server.PostAsync("/v2/models/churn/versions/v2/infer", body);
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal("v1", j1.GetProperty("model_version").GetString());
        Assert.Equal("v2", j2.GetProperty("model_version").GetString());
        Assert.NotEqual(Data(j1, "probabilities"), Data(j2, "probabilities"));
    }

    [Fact]
    public async Task Body_id_is_the_request_id_when_no_header_is_sent_and_a_request_id_is_generated_otherwise()
    {
        var (_, withId) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical], id: "body-7"));
        Assert.Equal("body-7", withId.GetProperty("id").GetString());
        var (response, generated) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical]));
        var id = generated.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(id, TestServing.Header(response, "x-request-id"));
    }

    [Fact]
    public async Task Requested_outputs_restrict_the_response()
    {
        var body = ChurnRow.V2Body([ChurnRow.Typical]).TrimEnd('}') + ",\"outputs\":[{\"name\":\"label\"}]}";
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["label"], json.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Data_may_be_nested_row_major_and_shape_may_be_rank_one()
    {
        var flat = ChurnRow.V2Body(ChurnRow.Random(2, seed: 9));
        var nested = flat.Replace("\"shape\":[2,1]", "\"shape\":[2]");
        var (_, a) = await _server.PostAsync("/v2/models/churn/versions/v1/infer", flat);
        var (response, b) = await _server.PostAsync("/v2/models/churn/versions/v1/infer", nested);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Data(a, "probabilities"), Data(b, "probabilities"));
        var doubleNested = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,1],\"data\":[[0.5],[1.5]]}]}";
        var (irisResponse, iris) = await _server.PostAsync("/v2/models/iris/infer", doubleNested);
        Assert.Equal(HttpStatusCode.OK, irisResponse.StatusCode);
        Assert.Equal(6, Data(iris, "probabilities").Length);
    }

    [Fact]
    public async Task V1_predict_returns_one_prediction_per_instance_matching_v2()
    {
        var rows = ChurnRow.Random(4, seed: 11);
        var (response, json) = await _server.PostAsync("/v1/models/churn:predict", ChurnRow.V1Body(rows), requestId: "p-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("v2", json.GetProperty("model_version").GetString());
        Assert.Equal("p-1", json.GetProperty("id").GetString());
        Assert.Equal("v2", TestServing.Header(response, "x-model-version"));
        var predictions = json.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(4, predictions.Length);
        var (_, v2) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body(rows));
        var expected = Data(v2, "probabilities");
        for (var r = 0; r < 4; r++)
        {
            Assert.Equal(expected[2 * r + 1], predictions[r].GetProperty("probabilities").GetProperty("true").GetSingle());
            Assert.Contains(predictions[r].GetProperty("label").GetString(), ChurnBundle.Classes);
        }
    }

    [Fact]
    public async Task Regression_model_returns_predictions_output_and_numbers_in_v1()
    {
        var body = "{\"inputs\":[{\"name\":\"price\",\"datatype\":\"FP32\",\"shape\":[2,1],\"data\":[10,null]},{\"name\":\"store\",\"datatype\":\"BYTES\",\"shape\":[2,1],\"data\":[\"a\",\"zzz\"]}]}";
        var (response, json) = await _server.PostAsync("/v2/models/demand/infer", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var output = json.GetProperty("outputs")[0];
        Assert.Equal("predictions", output.GetProperty("name").GetString());
        Assert.Equal([2L, 1L], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        // price 10 standardizes to 0; store a → [1,0,0]: 100 + 1 = 101. Missing price imputes 10, unknown store → other slot: 100 + 0.5.
        Assert.Equal([101f, 100.5f], output.GetProperty("data").EnumerateArray().Select(d => d.GetSingle()));
        var (v1, v1Json) = await _server.PostAsync("/v1/models/demand:predict", "{\"instances\":[{\"price\":10,\"store\":\"a\"}]}");
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal(101f, v1Json.GetProperty("predictions")[0].GetSingle());
    }

    [Fact]
    public async Task Metrics_endpoint_exposes_the_serving_metrics()
    {
        await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical]));
        var text = await _server.Client.GetStringAsync("/metrics");
        foreach (var name in new[]
        {
            "gitopsml_requests_total", "gitopsml_request_duration_seconds_bucket", "gitopsml_batch_size_rows_bucket",
            "gitopsml_queue_depth", "gitopsml_inflight_requests", "gitopsml_model_version_loaded",
        })
        {
            Assert.Contains(name, text);
        }
        Assert.Contains("gitopsml_requests_total{model=\"churn\",version=\"v2\",endpoint=\"infer\",code=\"200\"}", text);
    }

    public static float[] Data(JsonElement response, string output) =>
        response.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == output)
            .GetProperty("data").EnumerateArray().Select(d => d.GetSingle()).ToArray();

    public static string[] Labels(JsonElement response) =>
        response.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "label")
            .GetProperty("data").EnumerateArray().Select(d => d.GetString()!).ToArray();
}
