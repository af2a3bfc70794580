using System.Net;
using GitOpsMl.Serving.Tests.Support;

namespace GitOpsMl.Serving.Tests;

// A timestamp input is sent as text (or, in v1, Unix seconds), parsed by the server with the
// data readers' parser, and reaches the graph as float64 Unix seconds.
public sealed class TimestampInputTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private TestServing _server = null!;

    public async Task InitializeAsync()
    {
        SmallBundles.HourOfDay(_temp.Sub("clock"));
        _server = await TestServing.StartAsync(TestServing.Options(_temp.Sub("clock")));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private static string V2(string tsData, string xData, int rows) =>
        "{\"inputs\":[{\"name\":\"ts\",\"datatype\":\"BYTES\",\"shape\":[" + rows + ",1],\"data\":[" + tsData + "]}," +
        "{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[" + rows + ",1],\"data\":[" + xData + "]}]}";

    [Fact]
    public async Task V2_timestamps_are_read_in_utc_with_offsets_applied_and_missing_as_null_or_empty()
    {
        var body = V2("\"2024-03-01T08:30:00Z\",\"2024-03-01T10:30:00+02:00\",\"2024-03-01 23:59:59\",\"2000-02-29\",null,\"\"", "0,0,0,0,0,0", 6);
        var (response, json) = await _server.PostAsync("/v2/models/clock/infer", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([8, 8, 23, 0, 0, 0], json.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public async Task V1_takes_timestamp_text_or_unix_seconds()
    {
        var body = "{\"instances\":[{\"ts\":\"1970-01-01T05:00:00Z\",\"x\":0.5},{\"ts\":7200,\"x\":0},{\"ts\":null,\"x\":1}]}";
        var (response, json) = await _server.PostAsync("/v1/models/clock:predict", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([5.5, 2, 1], json.GetProperty("predictions").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Theory]
    [InlineData("\"yesterday\"", "yesterday")]
    [InlineData("\"2024-02-30\"", "2024-02-30")]
    [InlineData("\"2024-13-01T00:00:00Z\"", "2024-13-01")]
    public async Task V2_an_unparseable_timestamp_is_a_400_naming_the_input_and_the_value(string value, string mention)
    {
        var (response, json) = await _server.PostAsync("/v2/models/clock/infer", V2(value, "0", 1));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ts", json.GetProperty("input").GetString());
        Assert.Contains(mention, json.GetProperty("error").GetString());
        Assert.Contains("timestamp", json.GetProperty("expected").GetString());
    }

    [Fact]
    public async Task V2_a_timestamp_sent_as_numbers_is_a_400_asking_for_bytes()
    {
        var body = V2("1700000000", "0", 1).Replace("\"name\":\"ts\",\"datatype\":\"BYTES\"", "\"name\":\"ts\",\"datatype\":\"FP32\"");
        var (response, json) = await _server.PostAsync("/v2/models/clock/infer", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ts", json.GetProperty("input").GetString());
    }

    [Theory]
    [InlineData("\"not a date\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    public async Task V1_an_unparseable_timestamp_is_a_400_naming_the_input(string value)
    {
        var (response, json) = await _server.PostAsync("/v1/models/clock:predict", "{\"instances\":[{\"ts\":" + value + ",\"x\":0}]}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ts", json.GetProperty("input").GetString());
        Assert.Contains("not a timestamp", json.GetProperty("error").GetString());
    }
}
