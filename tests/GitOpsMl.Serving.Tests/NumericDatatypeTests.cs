using System.Net;
using GitOpsMl.Serving.Tests.Support;

namespace GitOpsMl.Serving.Tests;

// A numeric input takes the datatype the client's column holds (tritonclient sends INT64 for an int column, BOOL for a
// bool one, FP64 for a pandas float) and answers exactly as FP32 would; each datatype's own rules still hold.
public sealed class NumericDatatypeTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private TestServing _server = null!;

    public async Task InitializeAsync()
    {
        ChurnBundle.Write(_temp.Sub("churn"));
        _server = await TestServing.StartAsync(TestServing.Options(_temp.Sub("churn")));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private static string Valid => ChurnRow.V2Body([ChurnRow.Typical]);

    private static string WithInput(string input, string datatype, string data) =>
        Valid.Replace($"{{\"name\":\"{input}\",\"datatype\":\"FP32\",\"shape\":[1,1],\"data\":[{(input == "tenure_months" ? "12" : "2")}]}}",
            $"{{\"name\":\"{input}\",\"datatype\":\"{datatype}\",\"shape\":[1,1],\"data\":[{data}]}}");

    private async Task<double[]> ProbabilitiesAsync(string body)
    {
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {json}");
        return json.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
    }

    [Theory]
    [InlineData("INT8")]
    [InlineData("INT16")]
    [InlineData("INT32")]
    [InlineData("INT64")]
    [InlineData("UINT8")]
    [InlineData("UINT16")]
    [InlineData("UINT32")]
    [InlineData("UINT64")]
    [InlineData("FP64")]
    public async Task An_integer_or_double_tensor_answers_as_the_same_numbers_in_FP32(string datatype)
    {
        var expected = await ProbabilitiesAsync(Valid);

        Assert.NotEqual(Valid, WithInput("tenure_months", datatype, "12"));
        Assert.Equal(expected, await ProbabilitiesAsync(WithInput("tenure_months", datatype, "12")));
    }

    [Fact]
    public async Task A_bool_tensor_is_one_for_true_and_zero_for_false_and_null_is_missing()
    {
        Assert.Equal(await ProbabilitiesAsync(WithInput("support_calls", "FP32", "1")), await ProbabilitiesAsync(WithInput("support_calls", "BOOL", "true")));
        Assert.Equal(await ProbabilitiesAsync(WithInput("support_calls", "FP32", "0")), await ProbabilitiesAsync(WithInput("support_calls", "BOOL", "false")));
        Assert.Equal(await ProbabilitiesAsync(WithInput("support_calls", "FP32", "null")), await ProbabilitiesAsync(WithInput("support_calls", "BOOL", "null")));
    }

    [Theory]
    [InlineData("INT64", "12.5", "not an integer of INT64")]
    [InlineData("INT32", "3000000000", "-2147483648 to 2147483647")]
    [InlineData("INT8", "-129", "-128 to 127")]
    [InlineData("UINT8", "256", "0 to 255")]
    [InlineData("UINT64", "-1", "0 to 18446744073709551615")]
    [InlineData("INT64", "\"12\"", "a string")]
    [InlineData("BOOL", "1", "true or false")]
    [InlineData("FP64", "1e39", "beyond ±3.4e38")]
    public async Task A_value_outside_its_datatype_is_a_400_naming_the_input_and_the_datatype_rule(string datatype, string data, string mention)
    {
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", WithInput("tenure_months", datatype, data));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("tenure_months", json.GetProperty("input").GetString());
        Assert.Contains(mention, json.GetProperty("error").GetString() + " " + json.GetProperty("expected").GetString());
    }

    [Fact]
    public async Task A_float_datatype_for_a_categorical_input_is_still_refused()
    {
        var body = Valid.Replace("{\"name\":\"plan\",\"datatype\":\"BYTES\",\"shape\":[1,1],\"data\":[\"plus\"]}", "{\"name\":\"plan\",\"datatype\":\"FP64\",\"shape\":[1,1],\"data\":[3]}");
        var (response, json) = await _server.PostAsync("/v2/models/churn/infer", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("plan", json.GetProperty("input").GetString());
    }
}
