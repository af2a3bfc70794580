using System.Net;
using System.Text.Json;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Serving.Tests;

// A bool column (a Dataset column of type bool, "yes"/"no" in the CSV) is a bool input: the server takes what the data
// says — true/false, 1/0, or the data readers' own spellings — and the model sees the 1/0 it trained on. The bank
// bundle predicts 10 × housing + x (missing housing = 0.5).
public sealed class BoolInputTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private TestServing _server = null!;

    public async Task InitializeAsync()
    {
        SmallBundles.Housing(_temp.Sub("bank"));
        _server = await TestServing.StartAsync(TestServing.Options(_temp.Sub("bank")));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private static string V2(string datatype, string housing, int rows = 1) =>
        "{\"inputs\":[{\"name\":\"housing\",\"datatype\":\"" + datatype + "\",\"shape\":[" + rows + ",1],\"data\":[" + housing + "]}," +
        "{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[" + rows + ",1],\"data\":[" + string.Join(",", Enumerable.Repeat("1", rows)) + "]}]}";

    private static string V1(string housing) => "{\"instances\":[{\"housing\":" + housing + ",\"x\":1}]}";

    private async Task<double[]> V2PredictionsAsync(string body)
    {
        var (response, json) = await _server.PostAsync("/v2/models/bank/infer", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {json}");
        return json.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
    }

    private async Task<double> V1PredictionAsync(string housing)
    {
        var (response, json) = await _server.PostAsync("/v1/models/bank:predict", V1(housing));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {json}");
        return json.GetProperty("predictions")[0].GetDouble();
    }

    [Theory]
    [InlineData("BOOL", "true", 11)]
    [InlineData("BOOL", "false", 1)]
    [InlineData("BOOL", "null", 6)]
    [InlineData("FP32", "1", 11)]
    [InlineData("FP32", "0", 1)]
    [InlineData("INT64", "1", 11)]
    [InlineData("BYTES", "\"yes\"", 11)]
    [InlineData("BYTES", "\"TRUE\"", 11)]
    [InlineData("BYTES", "\" y \"", 11)]
    [InlineData("BYTES", "\"1\"", 11)]
    [InlineData("BYTES", "\"no\"", 1)]
    [InlineData("BYTES", "\"False\"", 1)]
    [InlineData("BYTES", "\"\"", 6)]
    [InlineData("BYTES", "null", 6)]
    public async Task V2_a_bool_input_takes_BOOL_numbers_and_the_data_readers_spellings_as_the_same_1_or_0(string datatype, string housing, double expected)
    {
        var predictions = await V2PredictionsAsync(V2(datatype, housing));

        Assert.Equal([expected], predictions);
    }

    [Theory]
    [InlineData("\"yes\"", 11)]
    [InlineData("\"TRUE\"", 11)]
    [InlineData("true", 11)]
    [InlineData("1", 11)]
    [InlineData("\"no\"", 1)]
    [InlineData("\"f\"", 1)]
    [InlineData("false", 1)]
    [InlineData("0", 1)]
    [InlineData("null", 6)]
    [InlineData("\"\"", 6)]
    public async Task V1_a_bool_input_takes_true_false_numbers_and_the_data_readers_spellings(string housing, double expected)
    {
        Assert.Equal(expected, await V1PredictionAsync(housing));
    }

    [Fact]
    public async Task Every_spelling_the_data_readers_accept_is_accepted_in_any_case_in_one_request()
    {
        var words = BoolText.TrueWords.Concat(BoolText.FalseWords).SelectMany(w => new[] { w, w.ToUpperInvariant() }).ToArray();
        var expected = words.Select(w => BoolText.TrueWords.Contains(w.ToLowerInvariant()) ? 11.0 : 1.0).ToArray();

        var predictions = await V2PredictionsAsync(V2("BYTES", string.Join(",", words.Select(w => JsonSerializer.Serialize(w))), words.Length));

        Assert.Equal(expected, predictions);
    }

    [Theory]
    [InlineData("/v2/models/bank/infer", "BYTES", "\"maybe\"", "maybe")]
    [InlineData("/v2/models/bank/infer", "FP32", "0.5", "0.5")]
    [InlineData("/v2/models/bank/infer", "INT64", "2", "2")]
    [InlineData("/v1/models/bank:predict", null, "\"maybe\"", "maybe")]
    [InlineData("/v1/models/bank:predict", null, "2", "2")]
    [InlineData("/v1/models/bank:predict", null, "\"NaN\"", "NaN")]
    [InlineData("/v1/models/bank:predict", null, "1e400", "1e400")]
    public async Task A_value_that_is_not_a_bool_is_a_400_naming_the_input_the_value_and_the_accepted_spellings(string path, string? datatype, string housing, string value)
    {
        var (response, json) = await _server.PostAsync(path, datatype is null ? V1(housing) : V2(datatype, housing));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("housing", json.GetProperty("input").GetString());
        var error = json.GetProperty("error").GetString()!;
        Assert.Contains(value, error);
        Assert.Contains("is not a bool", error);
        foreach (var word in BoolText.TrueWords.Concat(BoolText.FalseWords))
        {
            Assert.Contains(word, error);
            Assert.Contains(word, json.GetProperty("expected").GetString());
        }
    }

    [Fact]
    public async Task Model_metadata_advertises_BOOL_for_a_bool_input_and_FP32_for_a_numeric_one()
    {
        var (response, json) = await _server.GetAsync("/v2/models/bank");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inputs = json.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("datatype").GetString());
        Assert.Equal("BOOL", inputs["housing"]);
        Assert.Equal("FP32", inputs["x"]);
    }

    [Fact]
    public async Task Statistics_count_a_bool_input_as_numeric_1_and_0_on_the_reference_bins()
    {
        var predictions = await V2PredictionsAsync(V2("BYTES", "\"yes\",\"no\",null", 3));
        Assert.Equal([11.0, 1.0, 6.0], predictions);

        JsonElement housing = default;
        await Eventually.True(async () =>
        {
            var (_, stats) = await _server.GetAsync("/v2/models/bank/stats");
            housing = stats.GetProperty("versions")[0].GetProperty("features").GetProperty("housing");
            return housing.GetProperty("count").GetInt64() == 3;
        });
        Assert.Equal("numeric", housing.GetProperty("kind").GetString());
        Assert.Equal([1L, 1L], housing.GetProperty("binCounts").EnumerateArray().Select(c => c.GetInt64()));
        Assert.Equal(1, housing.GetProperty("missing").GetInt64());
        Assert.Equal(0, housing.GetProperty("outOfRange").GetInt64());
    }
}
