using System.Net;
using System.Text.Json;

namespace GitOpsMl.Serving.Tests;

// The Open Inference Protocol conformance gaps found with the spec's own OpenAPI document (issue 11):
// ids, error bodies, the extension name, histogram ranges and quality gauges.
public sealed class ProtocolGapTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private TestServing _server = null!;

    public async Task InitializeAsync()
    {
        ChurnBundle.Write(_temp.Sub("churn"));
        var refused = ChurnBundle.Write(_temp.Sub("broken"), "v1");
        BundleWriter.Tamper(refused);
        _server = await TestServing.StartAsync(TestServing.Options(_temp.Sub("churn")) with
        {
            Bundles = [new(null, _temp.Sub("churn")), new("broken", refused)],
            WaitForBundles = true,
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task The_body_id_is_echoed_in_the_body_while_a_mesh_header_id_stays_in_the_header()
    {
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical], id: "body-id-7"), requestId: "3f2a-envoy");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("body-id-7", json.GetProperty("id").GetString());
        Assert.Equal("3f2a-envoy", TestServing.Header(response, "x-request-id"));
    }

    [Theory]
    [InlineData("body-id-8", "body-id-8")]
    [InlineData("body-id-9", "envoy-9")]
    public async Task Feedback_is_accepted_by_the_body_id_or_the_header_id(string bodyId, string feedbackId)
    {
        var header = "envoy-" + bodyId[^1];
        var (_, json) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical], id: bodyId), requestId: header);
        var label = ProtocolConformanceTests.Labels(json)[0];
        var (response, result) = await _server.PostAsync("/v2/models/churn/feedback", JsonSerializer.Serialize(new { feedback = new[] { new { id = feedbackId, label } } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Empty(result.GetProperty("unknownIds").EnumerateArray());
    }

    public static TheoryData<string> SpecValidIds => new()
    {
        "order 17",
        "commande-été-✓",
        "",
        new string('x', 129),
        "line\nbreak",
    };

    [Theory]
    [MemberData(nameof(SpecValidIds))]
    public async Task Any_json_string_id_is_accepted_and_returned_unchanged(string id)
    {
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical], id: id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, json.GetProperty("id").GetString());
        // The header carries a header-safe id (a generated one when the body's is not).
        Assert.False(string.IsNullOrEmpty(TestServing.Header(response, "x-request-id")));
        var metrics = await _server.Client.GetStringAsync("/metrics");
        if (id.Length > 0) Assert.DoesNotContain(id, metrics);
    }

    [Fact]
    public async Task An_id_over_1_KiB_is_a_400_naming_the_id()
    {
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical], id: new string('x', 1025)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("id", json.GetProperty("input").GetString());
    }

    [Theory]
    [InlineData("/v2/models/churn/infer")]
    [InlineData("/v2/models/churn/versions/v1/infer")]
    [InlineData("/v2/models/churn/feedback")]
    public async Task A_wrong_method_is_a_405_with_the_json_error(string path)
    {
        var (response, json) = await _server.GetAsync(path);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("GET", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_with_the_json_error()
    {
        var (response, json) = await _server.GetAsync("/v2/nothing/here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no route", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Metadata_of_a_model_with_no_loaded_version_is_a_503_json_error_listing_its_load_failures()
    {
        var (response, json) = await _server.GetAsync("/v2/models/broken");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no loaded version", json.GetProperty("error").GetString());
        var failure = json.GetProperty("loadFailures")[0];
        Assert.Contains("sha256 mismatch for model.onnx", failure.GetProperty("reason").GetString());
        Assert.Equal("v1", failure.GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_300_row_request_lands_in_a_finite_batch_size_bucket()
    {
        var (response, _) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body(ChurnRow.Random(300, seed: 3)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metrics = await _server.Client.GetStringAsync("/metrics");
        var below = BatchingTests.MetricValue(metrics, "gitopsml_batch_size_rows_bucket{model=\"churn\",version=\"v1\",le=\"256\"}");
        var at = BatchingTests.MetricValue(metrics, "gitopsml_batch_size_rows_bucket{model=\"churn\",version=\"v1\",le=\"512\"}");
        Assert.Equal(1, at - below);
    }

    [Fact]
    public async Task Live_quality_gauges_do_not_mix_units_under_one_name()
    {
        var (_, json) = await _server.PostAsync("/v2/models/churn/infer", ChurnRow.V2Body([ChurnRow.Typical], id: "quality-1"));
        var label = ProtocolConformanceTests.Labels(json)[0];
        await _server.PostAsync("/v2/models/churn/feedback", JsonSerializer.Serialize(new { feedback = new[] { new { id = "quality-1", label } } }));
        var metrics = await _server.Client.GetStringAsync("/metrics");
        Assert.DoesNotContain("gitopsml_live_quality", metrics);
        Assert.Contains("gitopsml_live_accuracy_ratio{model=\"churn\",version=\"v1\"}", metrics);
        Assert.Contains("gitopsml_live_log_loss_nats{model=\"churn\",version=\"v1\"}", metrics);
    }
}
