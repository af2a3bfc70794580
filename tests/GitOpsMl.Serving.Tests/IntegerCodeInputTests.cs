using System.Net;
using GitOpsMl.Serving.Tests.Support;

namespace GitOpsMl.Serving.Tests;

// Integer codes declared category (NYC taxi's payment_type read from a Parquet int64): clients send them as numbers —
// v1 {"payment_type": 1}, v2 an INT64 tensor — and the server takes an integer as its decimal text, the category "1"
// the training data held. Numbers that are not integers have no single text and stay refused.
public sealed class IntegerCodeInputTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private TestServing _server = null!;

    public async Task InitializeAsync()
    {
        SmallBundles.PaymentCodes(_temp.Sub("tips"));
        _server = await TestServing.StartAsync(TestServing.Options(_temp.Sub("tips")));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private async Task<double[]> PredictV1Async(string payments)
    {
        var instances = string.Join(",", payments.Split(';').Select(p => $"{{\"fare\":10,\"payment_type\":{p}}}"));
        var (response, json) = await _server.PostAsync("/v1/models/tips:predict", $"{{\"instances\":[{instances}]}}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {json}");
        return json.GetProperty("predictions").EnumerateArray().Select(v => v.ValueKind == System.Text.Json.JsonValueKind.Array ? v[0].GetDouble() : v.GetDouble()).ToArray();
    }

    private async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Json)> InferV2Async(string datatype, string data, int rows)
    {
        var body = $"{{\"inputs\":[{{\"name\":\"fare\",\"datatype\":\"FP32\",\"shape\":[{rows},1],\"data\":[{string.Join(",", Enumerable.Repeat("10", rows))}]}}," +
                   $"{{\"name\":\"payment_type\",\"datatype\":\"{datatype}\",\"shape\":[{rows},1],\"data\":[{data}]}}]}}";
        var (response, json) = await _server.PostAsync("/v2/models/tips/infer", body);
        return (response.StatusCode, json);
    }

    [Fact]
    public async Task V1_takes_an_integer_code_as_the_category_of_its_text()
    {
        var asText = await PredictV1Async("\"1\";\"2\";\"7\";null");

        Assert.Equal(asText, await PredictV1Async("1;2;7;null"));
        Assert.Equal([13.0, 7.0, 10.0, 10.0], asText); // "1" and "2" are the trained categories, 7 is unseen (other slot), null missing
    }

    [Fact]
    public async Task V2_takes_an_integer_tensor_for_a_categorical_input_exactly_as_bytes()
    {
        var (bytesStatus, bytes) = await InferV2Async("BYTES", "\"1\",\"2\",\"16777217\"", 3);
        var (intStatus, ints) = await InferV2Async("INT64", "1,2,16777217", 3);

        Assert.Equal(HttpStatusCode.OK, bytesStatus);
        Assert.Equal(HttpStatusCode.OK, intStatus);
        Assert.Equal(bytes.GetProperty("outputs")[0].GetProperty("data").ToString(), ints.GetProperty("outputs")[0].GetProperty("data").ToString());
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("true")]
    public async Task V1_refuses_a_number_that_is_no_integer_for_a_categorical_input(string value)
    {
        var (response, json) = await _server.PostAsync("/v1/models/tips:predict", $"{{\"instances\":[{{\"fare\":10,\"payment_type\":{value}}}]}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("payment_type", json.GetProperty("input").GetString());
        Assert.Contains("integer", json.GetProperty("expected").GetString());
    }

    [Theory]
    [InlineData("FP32", "1")]
    [InlineData("BOOL", "true")]
    public async Task V2_refuses_a_float_or_bool_tensor_for_a_categorical_input(string datatype, string data)
    {
        var (status, json) = await InferV2Async(datatype, data, 1);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("payment_type", json.GetProperty("input").GetString());
    }
}
