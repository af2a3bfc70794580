using System.Net;
using System.Text;

namespace GitOpsMl.Serving.Tests;

// Every class of bad input is a 4xx JSON error naming the input and what was expected — never a 500.
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private TestServing _server = null!;

    public async Task InitializeAsync()
    {
        ChurnBundle.Write(_temp.Sub("churn"));
        var options = TestServing.Options(_temp.Sub("churn")) with { MaxRequestBodyBytes = 16 * 1024 };
        _server = await TestServing.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private static string Valid => ChurnRow.V2Body([ChurnRow.Typical]);

    public static TheoryData<string, string, string?, string> V2Cases => new()
    {
        // body, description, input named, text expected in "expected" or "error"
        { Valid.Replace("\"shape\":[1,1]", "\"shape\":[1,2]"), "wrong shape", "tenure_months", "needs 2 values" },
        { Valid.Replace("\"shape\":[1,1],\"data\":[\"plus\"]", "\"shape\":[1,3],\"data\":[\"plus\",\"a\",\"b\"]"), "wrong rank-2 shape", "plan", "[N,1]" },
        { Valid.Replace("{\"name\":\"region\",\"datatype\":\"BYTES\"", "{\"name\":\"region\",\"datatype\":\"FP32\""), "wrong datatype", "region", "FP32" },
        { Valid.Replace("{\"name\":\"tenure_months\",\"datatype\":\"FP32\"", "{\"name\":\"tenure_months\",\"datatype\":\"BF16\""), "unsupported datatype", "tenure_months", "FP32" },
        { Valid.Replace("{\"name\":\"tenure_months\",\"datatype\":\"FP32\"", "{\"name\":\"tenure_months\",\"datatype\":\"WAT\""), "unknown datatype", "tenure_months", "FP32" },
        { Valid.Replace("\"name\":\"contract\"", "\"name\":\"gender\""), "unknown input", "gender", "contract" },
        { Valid.Replace("\"name\":\"contract\"", "\"name\":\"plan\""), "duplicate input", "plan", "more than once" },
        { Valid.Replace("\"data\":[12]", "\"data\":[\"twelve\"]"), "string in FP32 data", "tenure_months", "FP32 numbers" },
        { Valid.Replace("\"data\":[\"plus\"]", "\"data\":[7]"), "number in BYTES data", "plan", "BYTES strings" },
        { Valid.Replace("\"shape\":[1,1],\"data\":[\"west\"]", "\"shape\":[2,1],\"data\":[\"west\",\"east\"]"), "row count mismatch", "region", "[1,1]" },
        { "{\"inputs\":[]}", "missing inputs", "tenure_months", "FP32 [N,1]" },
        { "{\"id\":\"x\"}", "no inputs field", null, "inputs" },
        { "{\"inputs\":{}}", "inputs not an array", null, "inputs must be an array" },
        { "{\"inputs\":[42]}", "input not an object", null, "must be an object" },
        { "{\"inputs\":[{\"name\":\"plan\",\"datatype\":\"BYTES\",\"data\":[\"a\"]}]}", "no shape", "plan", "[N, 1]" },
        { "{\"inputs\":[{\"name\":\"plan\",\"datatype\":\"BYTES\",\"shape\":[-1,1],\"data\":[\"a\"]}]}", "negative shape", "plan", "[N, 1]" },
        { "{\"inputs\":[{\"name\":\"plan\",\"datatype\":\"BYTES\",\"shape\":[1,1]}]}", "no data", "plan", "row-major" },
        { "{\"inputs\":[{\"name\":\"plan\",\"datatype\":\"BYTES\",\"shape\":[0,1],\"data\":[]}]}", "zero rows", "plan", "N ≥ 1" },
        { "{\"inputs\":[{\"name\":\"plan\",\"datatype\":\"BYTES\",\"shape\":[99999999,1],\"data\":[\"a\"]}]}", "huge shape", "plan", "more values than the body" },
        { Valid.TrimEnd('}') + ",\"outputs\":[{\"name\":\"logits\"}]}", "unknown output", "logits", "probabilities" },
        { "not json", "non-JSON", null, "not valid JSON" },
        { "[1,2,3]", "JSON array body", null, "JSON object" },
        { "", "empty body", null, "JSON" },
        { Valid + "{}", "trailing content", null, "after" },
        { "{\"id\":7,\"inputs\":[]}", "numeric id", null, "id must be a string" },
        { "{\"inputs\":[{\"name\":\"plan\",\"datatype\":\"BYTES\",\"shape\":[1,1],\"data\":[\"a\"]}", "truncated JSON", null, "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(V2Cases))]
    public async Task V2_bad_input_is_a_400_naming_the_problem(string body, string description, string? input, string mention)
    {
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", body);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{description}: {(int)response.StatusCode} {json}");
        var error = json.GetProperty("error").GetString()!;
        var expected = json.TryGetProperty("expected", out var e) ? e.GetString() : null;
        Assert.Contains(mention, error + " " + expected);
        if (input is not null) Assert.Equal(input, json.GetProperty("input").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("id").GetString()));
        Assert.NotNull(TestServing.Header(response, "x-request-id"));
    }

    public static TheoryData<string, string?, string> V1Cases => new()
    {
        { "{\"instances\":[{\"tenure_months\":1}]}", "monthly_charges", "missing input" },
        { ChurnRow.V1Body([ChurnRow.Typical]).Replace("\"plan\"", "\"gender\""), "gender", "unknown input" },
        { ChurnRow.V1Body([ChurnRow.Typical]).Replace("\"plan\":\"plus\"", "\"plan\":3.5"), "plan", "a string" },
        { ChurnRow.V1Body([ChurnRow.Typical]).Replace("\"tenure_months\":12", "\"tenure_months\":\"12\""), "tenure_months", "a number" },
        { "{\"instances\":[]}", null, "empty" },
        { "{\"instances\":{}}", null, "must be an array" },
        { "{\"instances\":[1]}", null, "must be an object" },
        { "{\"rows\":[]}", null, "instances" },
        { "{", null, "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(V1Cases))]
    public async Task V1_bad_input_is_a_400_naming_the_input(string body, string? input, string mention)
    {
        var (response, json) = await _server.PostAsync("/v1/models/churn:predict", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mention, json.GetProperty("error").GetString() + " " + (json.TryGetProperty("expected", out var e) ? e.GetString() : ""));
        if (input is not null) Assert.Equal(input, json.GetProperty("input").GetString());
    }

    [Fact]
    public async Task Oversized_body_is_413_with_a_json_error()
    {
        var big = ChurnRow.V2Body(ChurnRow.Random(400, seed: 1));
        Assert.True(Encoding.UTF8.GetByteCount(big) > 16 * 1024);
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("16384", json.GetProperty("error").GetString());
        var (v1, _) = await _server.PostAsync("/v1/models/churn:predict", ChurnRow.V1Body(ChurnRow.Random(400, seed: 1)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, v1.StatusCode);
    }

    [Fact]
    public async Task Oversized_chunked_body_without_content_length_is_413()
    {
        var big = Encoding.UTF8.GetBytes(ChurnRow.V2Body(ChurnRow.Random(400, seed: 2)));
        var content = new StreamContent(new MemoryStream(big));
        content.Headers.ContentLength = null;
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/churn/infer") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await _server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("/v2/models/nope/infer", "model 'nope' not found")]
    [InlineData("/v2/models/churn/versions/v9/infer", "version 'v9'")]
    [InlineData("/v1/models/nope:predict", "model 'nope' not found")]
    public async Task Unknown_model_or_version_is_404_listing_what_exists(string path, string mention)
    {
        var (response, json) = await _server.PostAsync(path, Valid);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(mention, json.GetProperty("error").GetString());
        Assert.NotNull(json.GetProperty("expected").GetString());
    }

    [Theory]
    [InlineData("/v2/models/nope")]
    [InlineData("/v2/models/churn/versions/v9")]
    [InlineData("/v2/models/nope/ready")]
    [InlineData("/v2/models/churn/versions/v9/ready")]
    [InlineData("/v2/models/nope/stats")]
    [InlineData("/v2/models/churn/versions/v9/stats")]
    public async Task Unknown_model_or_version_metadata_is_404(string path)
    {
        var (response, json) = await _server.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not found", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_request_id_header_over_1_KiB_is_400()
    {
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", Valid, requestId: new string('x', 1025));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("x-request-id", json.GetProperty("input").GetString());
    }

    [Fact]
    public async Task Missing_values_are_accepted_as_null_nan_and_empty_strings()
    {
        var body = "{\"inputs\":[" +
            "{\"name\":\"tenure_months\",\"datatype\":\"FP32\",\"shape\":[3,1],\"data\":[null,\"NaN\",1]}," +
            "{\"name\":\"monthly_charges\",\"datatype\":\"FP32\",\"shape\":[3,1],\"data\":[3e38,-3e38,0]}," +
            "{\"name\":\"support_calls\",\"datatype\":\"FP32\",\"shape\":[3,1],\"data\":[1,2,3]}," +
            "{\"name\":\"plan\",\"datatype\":\"BYTES\",\"shape\":[3,1],\"data\":[null,\"\",\"never-seen\"]}," +
            "{\"name\":\"region\",\"datatype\":\"BYTES\",\"shape\":[3,1],\"data\":[\"west\",\"west\",\"west\"]}," +
            "{\"name\":\"contract\",\"datatype\":\"BYTES\",\"shape\":[3,1],\"data\":[\"annual\",\"annual\",\"annual\"]}]}";
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var probabilities = json.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(6, probabilities.Length);
        Assert.All(probabilities, p => Assert.True(double.IsFinite(p)));
    }

    [Theory]
    [InlineData("\"Infinity\"")]
    [InlineData("\"-Infinity\"")]
    [InlineData("1e39")]
    [InlineData("-1e39")]
    public async Task A_non_finite_number_is_a_400_naming_the_input_never_a_nan_prediction(string value)
    {
        var body = Valid.Replace("\"data\":[12]", $"\"data\":[{value}]");
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("tenure_months", json.GetProperty("input").GetString());
        Assert.Contains("finite", json.GetProperty("error").GetString() + " " + json.GetProperty("expected").GetString());
    }

    [Theory]
    [InlineData("\"Infinity\"")]
    [InlineData("1e39")]
    public async Task A_non_finite_number_in_v1_predict_is_a_400_naming_the_input(string value)
    {
        var body = ChurnRow.V1Body([ChurnRow.Typical]).Replace("\"tenure_months\":12", $"\"tenure_months\":{value}");
        var (response, json) = await _server.PostAsync("/v1/models/churn:predict", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("tenure_months", json.GetProperty("input").GetString());
    }
}
