using System.Net;
using System.Text.Json;
using Json.Schema;

namespace GitOpsMl.Serving.Tests;

// Every response shape the protocol defines, from the real server, validated against the
// specification's schemas (OpenInferenceProtocol/open_inference_rest.schema.json, Apache-2.0).
public sealed class OpenInferenceProtocolSchemaTests : IAsyncLifetime
{
    private const string SchemaId = "https://gitopsml.test/oip/open_inference_rest.schema.json";

    // Its own registry: the root schema is registered there once, and each definition is a $ref into it.
    private static readonly Lazy<BuildOptions> Build = new(() =>
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "OpenInferenceProtocol", "open_inference_rest.schema.json")), options);
        return options;
    });

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

    public static TheoryData<string, string?, string, HttpStatusCode> Responses => new()
    {
        // method path (body for POST), schema definition, status
        { "/v2/health/live", null, "server_live_response", HttpStatusCode.OK },
        { "/v2/health/ready", null, "server_ready_response", HttpStatusCode.OK },
        { "/v2/models/churn/ready", null, "model_ready_response", HttpStatusCode.OK },
        { "/v2/models/churn/versions/v1/ready", null, "model_ready_response", HttpStatusCode.OK },
        { "/v2", null, "metadata_server_response", HttpStatusCode.OK },
        { "/v2/models/churn", null, "metadata_model_response", HttpStatusCode.OK },
        { "/v2/models/demand/versions/r1", null, "metadata_model_response", HttpStatusCode.OK },
        { "/v2/models/nope", null, "error_response", HttpStatusCode.NotFound },
        { "/v2/models/churn/infer", ChurnRow.V2Body(ChurnRow.Random(3, seed: 4), id: "schema-1"), "inference_response", HttpStatusCode.OK },
        { "/v2/models/churn/infer", "{\"id\":\"x\",\"inputs\":[],\"outputs\":[{\"name\":\"label\"}]}", "error_response", HttpStatusCode.BadRequest },
        { "/v2/models/churn/infer", "{", "error_response", HttpStatusCode.BadRequest },
        { "/v2/models/nope/infer", ChurnRow.V2Body([ChurnRow.Typical]), "error_response", HttpStatusCode.NotFound },
        { "/v2/models/churn/infer", null, "error_response", HttpStatusCode.MethodNotAllowed },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Responses_match_the_protocol_schema(string path, string? body, string definition, HttpStatusCode status)
    {
        var (response, json) = body is null
            ? await _server.GetAsync(path)
            : await _server.PostAsync(path, body);
        Assert.Equal(status, response.StatusCode);
        AssertValid(definition, json);
    }

    [Fact]
    public void The_schema_rejects_what_the_protocol_forbids()
    {
        // The validator is only trusted because it can fail: an inference response without outputs, an error without "error".
        Assert.False(Validate("inference_response", JsonDocument.Parse("{\"model_name\":\"m\"}").RootElement).IsValid);
        Assert.False(Validate("error_response", JsonDocument.Parse("{\"message\":\"x\"}").RootElement).IsValid);
        Assert.False(Validate("metadata_tensor", JsonDocument.Parse("{\"name\":\"a\",\"datatype\":\"FP32\",\"shape\":[\"N\"]}").RootElement).IsValid);
    }

    private static void AssertValid(string definition, JsonElement json)
    {
        var result = Validate(definition, json);
        Assert.True(result.IsValid, $"{definition}: {json} — {JsonSerializer.Serialize(result)}");
    }

    private static EvaluationResults Validate(string definition, JsonElement json)
    {
        var schema = JsonSchema.FromText($"{{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$ref\":\"{SchemaId}#/$defs/{definition}\"}}", Build.Value);
        return schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }
}
